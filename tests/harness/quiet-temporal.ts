import { quietTemporalRuntime } from './services';

// Runs before every integration test file (vitest setupFiles).
quietTemporalRuntime();
