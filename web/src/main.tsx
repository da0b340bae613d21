import '@fontsource-variable/inter';
import './index.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { api } from './lib/api/api';
import { queryClient } from './lib/queryClient';
import { router } from './router';

// Session gone for good (refresh failed): drop cached data and go to sign-in, keeping the
// current location so the user lands back where they were.
api.setAuthFailureHandler(() => {
  queryClient.clear();
  const { pathname, search } = window.location;
  if (pathname.startsWith('/login')) return;
  const next = pathname + search;
  void router.navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, { replace: true });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
