import { performance } from 'node:perf_hooks';
import { startLabFleet } from './src/lab/index.js';
import { Ssh2Transport } from './src/transport/index.js';
const fleet = await startLabFleet({ timeScale: 1/100, hosts: ['globex-chi-core01'], sizeScale: 1/100 });
const d = fleet.devices[0] as any;
const t = new Ssh2Transport({ keepaliveIntervalMs: 0 });
const target = { host: d.name, address: '127.0.0.1', port: d.port, credentials: { username: d.username, password: d.password, enableSecret: d.enableSecret } } as any;
const cmds = ['show version','show ip interface brief','show bgp summary','show interfaces','show ip route summary','show cdp neighbors detail','show lldp neighbors detail','show ip ospf neighbor','show standby','show environment all','show module','show vlan brief','show spanning-tree summary','show install summary','show redundancy','show logging','show running-config'];
const s = await t.open(target);
for (let depth of [1, 8, 17]) {
  const times: number[] = []; let bytes = 0;
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    let out: any[] = [];
    for (let j = 0; j < cmds.length; j += depth) out.push(...await s.runReads(cmds.slice(j, j + depth)));
    times.push(performance.now() - t0); bytes = out.reduce((a, r) => a + (r.output?.length ?? 0), 0);
  }
  times.sort((a,b)=>a-b);
  console.log('depth', depth, 'median ms', times[7].toFixed(1), 'min', times[0].toFixed(1), 'bytes', bytes);
}
// per command
for (const c of cmds) { const t0 = performance.now(); for (let i=0;i<10;i++) await s.runReads([c]); console.log(c.padEnd(30), ((performance.now()-t0)/10).toFixed(2)); }
await s.close(); await fleet.stop();
