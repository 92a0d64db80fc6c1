// SPDX-License-Identifier: AGPL-3.0-or-later
// The web UI's build: `loyaldesk serve` answers web/dist itself (docs/web.md).
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or styles: the server's Content-Security-Policy allows
    // neither, so the module preload polyfill (an inline script) stays out.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
  },
})
