// Debian's chromium, headless, as the benchmarks drive it: WebGL 2 on SwiftShader (the GPU emulated
// on the CPU), through the browser tests' playwright-core (tests/e2e's lockfile; never a downloaded
// browser).
import { chromium } from '../../tests/e2e/node_modules/playwright-core/index.mjs';

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}
