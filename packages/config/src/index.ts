export { ConfigError, type HubConfig, loadConfig, smsProviderOf } from './hub-config';
