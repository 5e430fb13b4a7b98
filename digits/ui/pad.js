// The stroke pad (digits/ui/pad.py), run once per pad by gr.HTML with `element`, `props`,
// `trigger` and `watch`. Pointer Events draw with mouse, pen or finger; the value sent to the
// server is the strokes, {width, height, strokes: [[[x, y, t], ...], ...]}, never an image.
const paper = element.querySelector('.pad-paper');
const canvas = element.querySelector('canvas');
const ctx = canvas.getContext('2d');
const under = element.querySelector('canvas.pad-under'); // the model: faint guide, "show me how"
const uctx = under.getContext('2d');
const showButton = element.querySelector('.pad-show');
const PALM = 60; // a touch wider than this (CSS px) is a palm or a wrist, not a fingertip
const EVERY = 300; // ms between sends while one long stroke goes on
let strokes = []; // per stroke, [x, y, t] points in CSS pixels of the pad
let size = { w: 0, h: 0 };
let active = null; // the one pointer drawing now; other pointers are ignored meanwhile
let t0 = null; // timeStamp of the drawing's first point
let lastSent = 0;
let timer = null;
let sent = null; // the value we sent last, so watch() can tell it from the server's
const mine = []; // the last values sent (JSON): echoes of these are not news from the server
const ECHOES = 20; // an echo comes back within a send or two; 20 sends are 6 s of drawing
let waiting = null; // a value the server set while a pointer was down: taken at the lift
let model = null; // the lesson's model digit, if any (see take() below)
let guide = false; // whether the model lies faint under the ink (trace mode)
let playing = null; // the running animation's frame request (or its closing timer)
let words = null; // the caption and buttons in the class's language (pad.py's labels), once told
let shown = null; // the number of the prompt the pad was last set for (pad.py's n): sent back with the ink
// The lean route (digits/ui/draw_route.py), when the page load gave this pad its key:
// {url, session, token, to}; null: the drawing goes to Python through the `input` event.
let reader = null;
let asking = false; // a read is in flight: one at a time per pad
let newest = null; // the drawing to read when it returns (older ones are dropped, never queued)

// ---------------------------------------------------------------- the look: pen size, exercise-book lines
// Display only: the reader draws every drawing at its own width (digits/read/strokes.py, 8% of the
// digit's height), so a thick pen reads exactly as a thin one. Set for every pad on the page by the
// Draw tab's `pad-lines` / `pad-pen` (pad.py's pad_options), kept on <html> for pads shown later.
const PENS = { thin: 0.02, medium: 0.035, thick: 0.055 }; // brush width as a share of the pad's side
const look = () => document.documentElement.dataset;
const brush = () => Math.max(4, (PENS[look().padPen] || PENS.medium) * Math.min(size.w, size.h));

function lines() {
  // A baseline and a dashed midline, on the under canvas: the child sees them, the reader never does.
  if (look().padLines !== '1' || !size.w) return;
  const side = Math.min(size.w, size.h); // where a digit drawn in the middle of the pad sits
  const base = size.h / 2 + 0.3 * side;
  uctx.save();
  uctx.lineWidth = 2;
  uctx.strokeStyle = '#93c5fd';
  uctx.beginPath();
  uctx.moveTo(0, base);
  uctx.lineTo(size.w, base);
  uctx.stroke();
  uctx.setLineDash([10, 8]);
  uctx.beginPath();
  uctx.moveTo(0, size.h / 2);
  uctx.lineTo(size.w, size.h / 2);
  uctx.stroke();
  uctx.restore();
}
document.addEventListener('pad-look', () => {
  redraw();
  drawUnder();
});

function paint(s, from) {
  // Draw stroke s from its point `from` on: a round black brush; a tap is a dot.
  ctx.lineWidth = brush();
  ctx.lineCap = ctx.lineJoin = 'round';
  ctx.strokeStyle = ctx.fillStyle = '#000';
  ctx.beginPath();
  if (s.length === 1) {
    ctx.arc(s[0][0], s[0][1], ctx.lineWidth / 2, 0, 2 * Math.PI);
    ctx.fill();
    return;
  }
  const a = s[Math.max(0, from - 1)];
  ctx.moveTo(a[0], a[1]);
  for (let i = Math.max(1, from); i < s.length; i++) ctx.lineTo(s[i][0], s[i][1]);
  ctx.stroke();
}

function redraw() {
  ctx.clearRect(0, 0, size.w, size.h);
  strokes.forEach((s) => paint(s, 0));
}

function adopt(list, w, h) {
  // Take strokes drawn on a pad of w x h CSS pixels, scaled to this pad's size.
  const fx = w ? size.w / w : 1;
  const fy = h ? size.h / h : 1;
  strokes = list.map((s) => s.map(([x, y, t]) => [x * fx, y * fy, t || 0]));
}

function resize() {
  // Match the canvas's pixels to its CSS size (sharp on any screen); keep the drawing.
  const r = canvas.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return; // in a hidden tab: wait until shown
  const dpr = window.devicePixelRatio || 1;
  const kept = [canvas, under].every((c) => c.width === Math.round(r.width * dpr));
  if (r.width === size.w && r.height === size.h && kept) return;
  const old = size;
  size = { w: r.width, h: r.height };
  adopt(strokes, old.w, old.h);
  for (const [c, x] of [[canvas, ctx], [under, uctx]]) {
    c.width = Math.round(r.width * dpr);
    c.height = Math.round(r.height * dpr);
    x.setTransform(dpr, 0, 0, dpr, 0, 0);
  }
  redraw();
  drawUnder();
}
new ResizeObserver(resize).observe(canvas);
// A re-render of the pad's template (Gradio diffs it when a prop it shows changes) drops the
// canvases' width/height attributes, which wipes them: put the pixels back and redraw the strokes,
// a stroke in progress included.
const sizes = { attributes: true, subtree: true, attributeFilter: ['width', 'height'] };
new MutationObserver(resize).observe(paper, sizes);
resize();

function send() {
  // The strokes to Python as the pad's value, and the event the tab listens to.
  clearTimeout(timer);
  timer = null;
  lastSent = performance.now();
  const r1 = (v) => Math.round(v * 10) / 10;
  sent = {
    width: Math.round(size.w),
    height: Math.round(size.h),
    strokes: strokes.map((s) => s.map(([x, y, t]) => [r1(x), r1(y), Math.round(t)])),
  };
  // The prompt this ink answers: Python judges a Check against the round the page shows, not one an
  // overlapping event put in its place meanwhile (a teacher's new round arriving during a Check).
  if (shown !== null) sent.n = shown;
  mine.push(JSON.stringify(sent));
  if (mine.length > ECHOES) mine.shift();
  props.value = sent;
  if (!reader) {
    trigger('input');
    return;
  }
  newest = sent;
  if (!asking) ask();
}

async function ask() {
  // Read the newest drawing on the lean route; the answer goes to the tab's answer (the `to` parts).
  const value = newest;
  newest = null;
  if (!reader || !value) return;
  asking = true;
  let retry = 0;
  try {
    const r = await fetch(reader.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ strokes: value, session: reader.session, token: reader.token, html: true }),
    });
    if (r.status === 503) {
      retry = 250; // busy: the same drawing again in 250 ms, unless a newer one comes first
    } else if (r.status === 409) {
      // a newer drawing of this page was read instead: nothing to show for this one
    } else if (r.status === 403 || r.status === 404 || r.status === 413) {
      reader = null; // the page's key is stale (or no route): back to Gradio's event, as before
      paper.dataset.lean = '';
      newest = null; // the event sends the latest drawing (props.value)
      trigger('input');
    } else {
      const body = await r.json();
      if (body.html) document.dispatchEvent(new CustomEvent('digits-reading', { detail: { to: reader.to, html: body.html } }));
    }
  } catch (err) {
    retry = 1000; // the network blinked: try again in a second
  }
  asking = false;
  if (retry && !newest) {
    newest = value;
    setTimeout(() => { if (!asking && newest) ask(); }, retry);
  } else if (newest) ask();
}

function throttled() {
  // During a long stroke: at most one send every EVERY ms, the latest strokes each time.
  const wait = EVERY - (performance.now() - lastSent);
  if (wait <= 0) send();
  else if (!timer) timer = setTimeout(send, wait);
}

function point(e) {
  // Where the pointer is, clamped onto the canvas: the pad's very edges draw too.
  const r = canvas.getBoundingClientRect();
  if (t0 === null) t0 = e.timeStamp;
  return [
    Math.min(Math.max(e.clientX - r.left, 0), r.width),
    Math.min(Math.max(e.clientY - r.top, 0), r.height),
    e.timeStamp - t0,
  ];
}

paper.addEventListener('pointerdown', (e) => {
  if (active !== null || e.button > 0) return;
  if (e.pointerType === 'touch' && Math.max(e.width, e.height) > PALM) return;
  e.preventDefault();
  resize();
  active = e.pointerId;
  paper.setPointerCapture(e.pointerId);
  if (!strokes.length) t0 = null;
  strokes.push([point(e)]);
  paint(strokes[strokes.length - 1], 0);
});

paper.addEventListener('pointermove', (e) => {
  if (e.pointerId !== active) return;
  const s = strokes[strokes.length - 1];
  const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
  (events.length ? events : [e]).forEach((c) => s.push(point(c)));
  paint(s, s.length - Math.max(1, events.length));
  throttled();
});

function lift(e) {
  // The pencil lifts: the stroke is done, and the strokes go to the server at once.
  if (e.pointerId !== active) return;
  active = null;
  const news = waiting; // the server's word that came mid-stroke (Next: a new digit): now
  waiting = null;
  if (news) take(news);
  send();
}
paper.addEventListener('pointerup', lift);
paper.addEventListener('pointercancel', lift);

element.querySelector('.pad-undo').addEventListener('click', () => {
  strokes.pop();
  if (!strokes.length) t0 = null;
  redraw();
  send();
});

element.querySelector('.pad-clear').addEventListener('click', () => {
  strokes = [];
  t0 = null;
  redraw();
  send();
});

// The lesson, sent by Python with the value: {model: {width, height, strokes} | null, guide, play, n}.
// The model is a square drawing placed centred on the pad (as digits/formation.py's to_pad places it).

function placed(m) {
  const k = Math.min(size.w, size.h) / Math.min(m.width, m.height);
  return m.strokes.map((s) => s.map(([x, y]) => [(x - m.width / 2) * k + size.w / 2, (y - m.height / 2) * k + size.h / 2]));
}

function line(s, upto, colour, width) {
  // Stroke s up to (fractional) point index `upto` on the under canvas.
  uctx.strokeStyle = colour;
  uctx.lineWidth = width;
  uctx.lineCap = uctx.lineJoin = 'round';
  uctx.beginPath();
  uctx.moveTo(s[0][0], s[0][1]);
  const n = Math.floor(upto);
  for (let i = 1; i <= n && i < s.length; i++) uctx.lineTo(s[i][0], s[i][1]);
  const tip = tipOf(s, upto);
  uctx.lineTo(tip[0], tip[1]);
  uctx.stroke();
  return tip;
}

function tipOf(s, upto) {
  const i = Math.min(Math.floor(upto), s.length - 1);
  const j = Math.min(i + 1, s.length - 1);
  const f = upto - i;
  return [s[i][0] + (s[j][0] - s[i][0]) * f, s[i][1] + (s[j][1] - s[i][1]) * f];
}

function arrow(s, upto) {
  // An arrow head at the tip, pointing the way the pen goes.
  const tip = tipOf(s, upto);
  const back = tipOf(s, Math.max(0, upto - 1.5));
  const a = Math.atan2(tip[1] - back[1], tip[0] - back[0]);
  const r = 2.5 * brush();
  uctx.fillStyle = '#2563eb';
  uctx.beginPath();
  uctx.moveTo(tip[0] + r * Math.cos(a), tip[1] + r * Math.sin(a));
  uctx.lineTo(tip[0] + r * Math.cos(a + 2.4), tip[1] + r * Math.sin(a + 2.4));
  uctx.lineTo(tip[0] + r * Math.cos(a - 2.4), tip[1] + r * Math.sin(a - 2.4));
  uctx.fill();
}

function dot(p, label) {
  // The start dot (green), with the stroke's number in it.
  const r = 1.6 * brush();
  uctx.fillStyle = '#16a34a';
  uctx.beginPath();
  uctx.arc(p[0], p[1], r, 0, 2 * Math.PI);
  uctx.fill();
  uctx.fillStyle = '#fff';
  uctx.font = `bold ${Math.round(1.8 * r)}px sans-serif`;
  uctx.textAlign = 'center';
  uctx.textBaseline = 'middle';
  uctx.fillText(label, p[0], p[1] + 1);
}

function drawUnder() {
  // What lies under the ink when no animation runs: the faint model in trace mode, else nothing.
  if (playing !== null) return;
  uctx.clearRect(0, 0, size.w, size.h);
  lines();
  if (!model || !guide || !size.w) return;
  const strokes = placed(model);
  strokes.forEach((s) => line(s, s.length - 1, '#cbd5e1', 3 * brush()));
  // Start dots last, the first on top (a 5's hat starts where its down stroke does).
  for (let i = strokes.length - 1; i >= 0; i--) dot(strokes[i][0], i + 1);
}

function stop() {
  cancelAnimationFrame(playing);
  clearTimeout(playing);
  playing = null;
  paper.dataset.playing = '';
}

function play() {
  // "Show me how": each stroke written slowly from its start dot, an arrow at the pen, in order.
  if (!model || !size.w) return;
  stop();
  const strokes = placed(model);
  const speed = 0.45 * Math.min(size.w, size.h); // px per second: a child's pace
  const PAUSE = 500; // ms at each start dot before the pen moves
  let k = 0;
  let start = null;
  paper.dataset.playing = '1';
  const frame = (now) => {
    if (start === null) start = now;
    const s = strokes[k];
    let len = 0;
    for (let i = 1; i < s.length; i++) len += Math.hypot(s[i][0] - s[i - 1][0], s[i][1] - s[i - 1][1]);
    const done = Math.max(0, (now - start - PAUSE) / 1000) * speed; // px written of this stroke
    const upto = len ? Math.min(1, done / len) * (s.length - 1) : s.length - 1;
    uctx.clearRect(0, 0, size.w, size.h);
    lines();
    if (guide) strokes.forEach((g) => line(g, g.length - 1, '#e2e8f0', 3 * brush()));
    strokes.slice(0, k).forEach((g, i) => {
      line(g, g.length - 1, '#93c5fd', 2 * brush());
      arrow(g, g.length - 1);
      dot(g[0], i + 1);
    });
    line(s, upto, '#2563eb', 2 * brush());
    arrow(s, upto);
    dot(s[0], k + 1);
    if (upto >= s.length - 1) {
      k += 1;
      start = now;
    }
    if (k < strokes.length) {
      playing = requestAnimationFrame(frame);
      return;
    }
    // Done: the whole model stays a moment, then the pad shows what it showed before.
    paper.dataset.played = String(Number(paper.dataset.played || 0) + 1);
    playing = setTimeout(() => {
      stop();
      drawUnder();
    }, 1500);
  };
  playing = requestAnimationFrame(frame);
}
showButton.addEventListener('click', play);

function name(words) {
  // The pad's caption and buttons in the class's language (pad.py's labels): text only, never HTML.
  const set = (selector, text) => {
    const el = element.querySelector(selector);
    if (el && text) el.textContent = text;
  };
  set('.pad-caption', words.caption);
  if (words.caption) paper.setAttribute('aria-label', words.caption);
  set('.pad-long', words.show);
  set('.pad-short', words.show_short);
  set('.pad-undo', words.undo);
  set('.pad-clear', words.clear);
}

function take(v) {
  // A value set by Python (e.g. an empty pad for the next digit) replaces the drawing. Gradio draws
  // the template afresh for it (English words, Show hidden): the words are put back here.
  if (v && v.labels) words = v.labels;
  if (words) name(words);
  if (v && v.read) {
    reader = v.read; // the page load's key: a drawing made before it arrived stays
    paper.dataset.lean = '1'; // tests wait for it before drawing
    if (strokes.length) return;
  }
  if (v && v.reread) {
    // The tab was shown again (language or model may have changed): read this drawing again.
    if (reader && strokes.length) send();
    return;
  }
  if (v && Number.isInteger(v.n)) shown = v.n;
  const list = v && Array.isArray(v.strokes) ? v.strokes : [];
  adopt(list, v && v.width, v && v.height);
  if (!strokes.length) t0 = null;
  redraw();
  waiting = null; // taken: what we sent before it is no echo any more
  mine.length = 0;
  if (v && 'model' in v) {
    model = v.model;
    guide = Boolean(v.guide);
    showButton.hidden = !model;
    stop();
    drawUnder();
    if (v.play) play();
  }
}
take(props.value);

watch('value', () => {
  // Gradio hands our own values back (a copy, maybe a late one while we draw on): never take those,
  // or the strokes since would be lost. The server's own, mid-stroke, waits for the pencil to lift.
  const v = props.value;
  if (v === sent || mine.includes(JSON.stringify(v))) return;
  if (active !== null) waiting = v;
  else take(v);
});
