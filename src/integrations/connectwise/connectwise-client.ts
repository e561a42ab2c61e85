/**
 * ConnectWise PSA (Manage) REST API: basic auth `company+publicKey:privateKey` and a `clientId` header.
 * The CMDB update finds the configuration by name (GET /company/configurations?conditions=name="...") and
 * PATCHes /company/configurations/{id} with a JSON Patch body replacing `osInfo` (the OS version field of
 * a configuration).
 */
import type { ConnectwiseConfig, HttpSettings } from '../../config/integrations.js';
import { WarroomError } from '../../core/errors.js';
import { registerSecret } from '../../core/redact.js';
import type { CmdbUpdater } from '../../ports/cmdb.js';
import { createHttpClient } from '../http-client.js';
import { callService, type ServiceHints } from '../service-error.js';

/** The configuration field that holds the software version. */
export const CONNECTWISE_VERSION_PATH = 'osInfo';

/** `name="acme-nyc-core01"`: a ConnectWise conditions string, quotes escaped. */
export function nameCondition(name: string): string {
  return `name="${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function createConnectwiseClient(config: ConnectwiseConfig, http: HttpSettings): CmdbUpdater {
  registerSecret(config.privateKey);
  const client = createHttpClient({
    system: 'ConnectWise',
    baseURL: config.url,
    auth: { username: `${config.company}+${config.publicKey}`, password: config.privateKey },
    headers: { clientId: config.clientId, 'Content-Type': 'application/json' },
    timeoutMs: http.timeoutMs,
    retries: http.retries,
  });
  const hints: ServiceHints = {
    auth: 'check CONNECTWISE_COMPANY, CONNECTWISE_PUBLIC_KEY and CONNECTWISE_PRIVATE_KEY (an API member key pair) and CONNECTWISE_CLIENT_ID',
    forbidden: "the API member's security role needs Companies > Configurations: Inquire and Edit",
    notFound: 'check that a configuration with the inventory name exists in ConnectWise',
    invalid: 'ConnectWise refused the patch; check that configurations have the osInfo field enabled',
    unreachable: `check CONNECTWISE_URL (${config.url})`,
  };
  const what = (action: string, object: string) => ({ system: 'ConnectWise', action, object });
  return {
    system: 'connectwise',
    async recordVersion(host, version) {
      const found = await callService(what('finding', `configuration ${host}`), hints, () =>
        client.get<{ id: number; name: string }[]>('/company/configurations', {
          params: { conditions: nameCondition(host), pageSize: 2, fields: 'id,name' },
        }),
      );
      const item = Array.isArray(found.data) ? found.data[0] : undefined;
      if (!item)
        throw new WarroomError(
          'not_found',
          `ConnectWise finding configuration ${host}: none of that name; ${hints.notFound}`,
        );
      await callService(what('updating', `configuration ${host} (id ${item.id})`), hints, () =>
        client.patch(`/company/configurations/${item.id}`, [
          { op: 'replace', path: CONNECTWISE_VERSION_PATH, value: version },
        ]),
      );
      return { objectId: String(item.id) };
    },
  };
}
