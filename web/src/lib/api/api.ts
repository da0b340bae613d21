import { createApiClient } from './createApiClient';
import { createTokenStore } from './tokenStore';

/** The app-wide API client. main.tsx wires its auth-failure handler to the router. */
export const api = createApiClient({ tokens: createTokenStore() });
