export { burstSettings, ConfigError, type HubConfig, loadConfig, telephonyProviderOf } from './hub-config';
