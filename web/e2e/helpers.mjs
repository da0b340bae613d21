// Shared helpers for the browser tests and the screenshot script (not a test file itself).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
export const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL ?? 'admin@example.com';
export const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? 'admin-password-123';
export const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR || null;

export const DESKTOP = { width: 1440, height: 900 };
export const MOBILE = { width: 390, height: 844 };

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh context: own storage, given viewport and OS colour scheme, animations off. */
export async function newPage(browser, { viewport = DESKTOP, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport,
    colorScheme,
    reducedMotion: 'reduce',
    acceptDownloads: true,
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** The server rate-limits sign-in per address; when it says 429, wait as long as it asks. */
function retryAfterMs(headers) {
  const seconds = Number(headers['retry-after'] ?? headers['x-ratelimit-after'] ?? 1);
  return (Number.isFinite(seconds) ? seconds : 1) * 1000 + 250;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sign in through the form, like a person would. */
export async function login(page, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  for (let attempt = 0; attempt < 4; attempt++) {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    if (res.status() !== 429) break;
    await pause(retryAfterMs(res.headers()));
  }
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Sign in through the API (one request) and return the token response. */
export async function apiLogin(email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  for (let attempt = 0; attempt < 4; attempt++) {
    const res = await fetch(`${BASE_URL}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status === 429) {
      await pause(retryAfterMs(Object.fromEntries(res.headers)));
      continue;
    }
    if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return res.json();
  }
  throw new Error('login kept being rate-limited');
}

/**
 * A page that is already signed in: the tokens go into localStorage before the app boots,
 * exactly where the app keeps them. Saves a sign-in (and the rate limit) per test.
 */
export async function authedPage(browser, tokens, opts) {
  const page = await newPage(browser, opts);
  await page.addInitScript(
    ([access, refresh]) => {
      if (!sessionStorage.getItem('e2e.seeded')) {
        localStorage.setItem('omnireach.access_token', access);
        localStorage.setItem('omnireach.refresh_token', refresh);
        sessionStorage.setItem('e2e.seeded', '1');
      }
    },
    [tokens.access_token, tokens.refresh_token],
  );
  return page;
}

/** Wait until nothing on the page reports itself as loading. */
export async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 15_000 });
  await page.evaluate(() => document.fonts.ready);
}

export async function screenshot(page, name, dir = SCREENSHOT_DIR) {
  if (!dir) return null;
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Call the API outside the browser with a session's tokens; JSON in, JSON (or null) out. */
export async function apiCall(tokens, method, path, body) {
  const res = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { Authorization: `Bearer ${tokens.access_token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}
