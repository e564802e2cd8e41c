export {
  burstSettings,
  ConfigError,
  type HubConfig,
  loadConfig,
  telephonyFallbackOf,
  telephonyProviderOf,
} from './hub-config';
