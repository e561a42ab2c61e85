/** ConnectWise PSA: the configuration-item updater. */
export { createConnectwiseClient, nameCondition, CONNECTWISE_VERSION_PATH } from './connectwise-client.js';
