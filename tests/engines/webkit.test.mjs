// The smoke suite (smoke.mjs) in WebKitGTK, over WebDriver classic (selenium-webdriver, WebKitWebDriver).
// Needs a display: xvfb-run -a -s '-screen 0 2800x1000x24' node --test webkit.test.mjs
import { smoke } from './smoke.mjs';

smoke('webkit');
