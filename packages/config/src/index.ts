export { type HubConfig, loadConfig, ConfigError } from './hub-config';
