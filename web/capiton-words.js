// capiton page script, its own words: written by the build into capiton-page.js, inside its function
// (cmake/page_script.cmake), before anything that may need to speak. The loading screen and the
// "cannot run" message come before the app and its catalogs (src/ui/lang): they are written here in
// both languages, in the one the app will most likely start in.
const PAGE_TEXT = {
  en: {
    canvasLabel: 'capiton: an interactive walk through the attention mechanism',  // the canvas's accessible name
    embedded: 'capiton (embedded)',
    loading: 'Loading…',
    loadingOf: (a, b) => 'Loading ' + a + ' of ' + b + '…',
    loadingSoFar: (a) => 'Loading ' + a + '…',
    starting: 'Starting…',
    cannotRun: 'capiton cannot run in this browser',
    notStarted: 'capiton could not start',
    stoppedTitle: 'capiton stopped',
    needs: (what) => 'It needs ' + what.join(', ') + ', which this browser does not offer (or has switched off). ' +
      'Any current Chrome, Edge, Firefox or Safari (version 16.4 or later) has ' + (what.length > 1 ? 'them.' : 'it.'),
    loadFailed: (why) => 'Loading failed: ' + why + '. Reload the page to try again.',
    // What an incomplete upload asks for, ending both messages below.
    reupload: 'Whoever put capiton on this site should upload all of its files again.',
    missingFile: (file, status) => file + ' is missing on the server (HTTP ' + status + '). ' + PAGE_TEXT.en.reupload,
    scriptMissing: 'capiton.js could not be downloaded',
    fontMissing: (status, switched) => 'capiton-zh.ttf is missing on the server (HTTP ' + status + '), so Chinese cannot be drawn' +
      (switched ? ': capiton shows English instead. ' : ' (the sentence\'s Chinese characters show as "�"). ') +
      PAGE_TEXT.en.reupload,
    close: 'Close',
    stopped: (what) => 'capiton stopped because of an internal error (' + what + '). Reload the page to start again.',
  },
  zh: {
    title: 'capiton — 注意力机制，一个数一个数地看',
    canvasLabel: 'capiton：一步步交互式地走过注意力机制',
    embedded: 'capiton（嵌入）',
    loading: '正在加载……',
    loadingOf: (a, b) => '已加载 ' + a + ' / ' + b + '……',
    loadingSoFar: (a) => '已加载 ' + a + '……',
    starting: '正在启动……',
    cannotRun: 'capiton 无法在这个浏览器里运行',
    notStarted: 'capiton 未能启动',
    stoppedTitle: 'capiton 已停止运行',
    needs: (what) => '它需要 ' + what.join('、') + '，但这个浏览器不支持（或者已将其停用）。' +
      '较新版本的 Chrome、Edge、Firefox 和 Safari（16.4 及以上）都具备' + (what.length > 1 ? '这些功能。' : '这项功能。'),
    loadFailed: (why) => '加载失败：' + why + '。请刷新页面后重试。',
    reupload: '把 capiton 放到这个网站上的人需要重新上传 capiton 的全部文件。',
    missingFile: (file, status) => '服务器上缺少 ' + file + '（HTTP ' + status + '）。' + PAGE_TEXT.zh.reupload,
    scriptMissing: '无法下载 capiton.js',
    fontMissing: (status, switched) => '服务器上缺少 capiton-zh.ttf（HTTP ' + status + '），中文画不出来' +
      (switched ? '，所以 capiton 改用英文显示。' : '（句子里的汉字显示为“�”）。') +
      PAGE_TEXT.zh.reupload,
    close: '关闭',
    stopped: (what) => 'capiton 因内部错误停止运行（' + what + '）。请刷新页面重新开始。',
  },
};
// A guess (the app decides): the link asks for Chinese, or gives no language and the browser's is Chinese.
function likelyChinese() {
  const lang = /(?:^#|&)lang=([^&]*)/.exec(location.hash);
  return lang ? lang[1] === 'zh' : /^zh\b/i.test(navigator.language || '');
}
const sayLanguage = likelyChinese() ? 'zh' : 'en';
const say = PAGE_TEXT[sayLanguage];
// The tab's title (the app's, in the language on screen, whose words are given): an embedded page says
// it is one.
const tabTitle = (t, words = say) => (document.documentElement.hasAttribute('data-embed') ? t.replace(/^capiton/, words.embedded) : t);

// A failure's reason in a sentence of ours: its own full stop, if it has one, is not doubled.
const loadFailed = (why) => say.loadFailed(String(why).replace(/[.。]$/, ''));
