// Pixel comparison of two screenshots, for scripts/compare-screens.mjs and the browser tests.
// Differing pixels between two PNGs (Buffers), decoded in `page` (playwright):
// {count, box: [x0, y0, x1, y1]}, or {size: true, count: -1} when their sizes differ.
export async function differingPixels(page, a, b) {
  return page.evaluate(async ([pa, pb]) => {
    const load = async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return ctx.getImageData(0, 0, c.width, c.height);
    };
    const [x, y] = await Promise.all([load(pa), load(pb)]);
    if (x.width !== y.width || x.height !== y.height) return { size: true, count: -1 };
    let count = 0, x0 = x.width, y0 = x.height, x1 = -1, y1 = -1;
    for (let i = 0; i < x.data.length; i += 4) {
      if (x.data[i] !== y.data[i] || x.data[i + 1] !== y.data[i + 1] || x.data[i + 2] !== y.data[i + 2]) {
        count++;
        const px = (i / 4) % x.width, py = Math.floor(i / 4 / x.width);
        x0 = Math.min(x0, px); y0 = Math.min(y0, py); x1 = Math.max(x1, px); y1 = Math.max(y1, py);
      }
    }
    return { count, box: count ? [x0, y0, x1, y1] : null };
  }, [a.toString('base64'), b.toString('base64')]);
}
