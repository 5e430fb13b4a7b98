// The stroke pad (digits/ui/pad.py), run once per pad by gr.HTML with `element`, `props`,
// `trigger` and `watch`. Pointer Events draw with mouse, pen or finger; the value sent to the
// server is the strokes, {width, height, strokes: [[[x, y, t], ...], ...]}, never an image.
const paper = element.querySelector('.pad-paper');
const canvas = element.querySelector('canvas');
const ctx = canvas.getContext('2d');
const PALM = 60; // a touch wider than this (CSS px) is a palm or a wrist, not a fingertip
const EVERY = 300; // ms between sends while one long stroke goes on
let strokes = []; // per stroke, [x, y, t] points in CSS pixels of the pad
let size = { w: 0, h: 0 };
let active = null; // the one pointer drawing now; other pointers are ignored meanwhile
let t0 = null; // timeStamp of the drawing's first point
let lastSent = 0;
let timer = null;
let sent = null; // the value we sent last, so watch() can tell it from the server's

const brush = () => Math.max(4, 0.035 * Math.min(size.w, size.h));

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
  if (r.width === size.w && r.height === size.h) return;
  const old = size;
  size = { w: r.width, h: r.height };
  adopt(strokes, old.w, old.h);
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(r.width * dpr);
  canvas.height = Math.round(r.height * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  redraw();
}
new ResizeObserver(resize).observe(canvas);
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
  props.value = sent;
  trigger('input');
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

// A value set by Python (e.g. an empty pad for the next digit) replaces the drawing.
watch('value', () => {
  const v = props.value;
  if (v === sent || active !== null) return;
  const list = v && Array.isArray(v.strokes) ? v.strokes : [];
  adopt(list, v && v.width, v && v.height);
  if (!strokes.length) t0 = null;
  redraw();
});
