export { ConfigError, type HubConfig, loadConfig } from './hub-config';
