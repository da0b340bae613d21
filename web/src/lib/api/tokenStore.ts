export interface Tokens {
  access_token: string;
  refresh_token: string;
}

export interface TokenStore {
  getAccess(): string | null;
  getRefresh(): string | null;
  set(tokens: Tokens): void;
  clear(): void;
}

const ACCESS_KEY = 'omnireach.access_token';
const REFRESH_KEY = 'omnireach.refresh_token';

function safeStorage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null;
  }
}

/**
 * Access token in memory (mirrored to localStorage so a reload doesn't need a refresh),
 * refresh token in localStorage. Reads go to storage first so a refresh done by another tab
 * (which rotates the refresh token) is picked up here.
 */
export function createTokenStore(storage: Storage | null = safeStorage()): TokenStore {
  let access: string | null = null;
  let refresh: string | null = null;
  return {
    getAccess() {
      return storage?.getItem(ACCESS_KEY) ?? access;
    },
    getRefresh() {
      return storage?.getItem(REFRESH_KEY) ?? refresh;
    },
    set(tokens) {
      access = tokens.access_token;
      refresh = tokens.refresh_token;
      try {
        storage?.setItem(ACCESS_KEY, tokens.access_token);
        storage?.setItem(REFRESH_KEY, tokens.refresh_token);
      } catch {
        /* storage full or disabled: memory copy still works for this tab */
      }
    },
    clear() {
      access = null;
      refresh = null;
      try {
        storage?.removeItem(ACCESS_KEY);
        storage?.removeItem(REFRESH_KEY);
      } catch {
        /* ignore */
      }
    },
  };
}
