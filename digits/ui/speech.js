// The speaker (digits/ui/speech.py), run by gr.HTML with `element`, `props` and `watch`: says the
// value's text with the browser's own voice (speechSynthesis), in the language's BCP 47 tag.
// Value: {text, lang, language, sound, n, cue, picture, again, follow, switch, none, mute}; a new n says it again.
// With `follow` (a selector) it also says the data-say of that answer whenever the answer changes.
const again = element.querySelector('.speak-again');
const note = element.querySelector('.speak-note');
const cue = element.querySelector('.speak-cue');
const toggle = element.querySelector('.speak-switch');
const synth = window.speechSynthesis;
let last = null; // {text, lang}: what "Hear it again" says (the prompt, or the last feedback)
let audio = null;

function hasVoice(tag) {
  // Whether the browser has a voice for the tag's language (en-GB: any English voice will do).
  const voices = synth ? synth.getVoices() : [];
  const want = tag.split('-')[0].toLowerCase();
  return voices.some((v) => (v.lang || '').replace('_', '-').split('-')[0].toLowerCase() === want);
}

function noteFor(v) {
  // Said for the language now shown, so a note about another language never lingers.
  if (!synth) return v.mute;
  return hasVoice(v.lang) ? '' : v.none;
}

function speak(text, lang) {
  // Speak now (a new line interrupts the old one), a little slower for young listeners.
  last = { text, lang };
  if (!synth || !text) return;
  synth.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang;
  u.rate = 0.85;
  synth.speak(u);
}

function chime(kind) {
  // A soft tone made here, no sound file: two rising notes (C5, E5) for yes, one low G4 to try again.
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  audio = audio || new Context();
  (kind === 'yes' ? [523.25, 659.25] : [392.0]).forEach((f, i) => {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    const t = audio.currentTime + i * 0.15;
    osc.frequency.value = f; // a sine: the gentlest wave
    gain.gain.setValueAtTime(0.0001, t); // quiet (0.15 at most) with a quick rise and fade: no click
    gain.gain.exponentialRampToValueAtTime(0.15, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
    osc.connect(gain).connect(audio.destination);
    osc.start(t);
    osc.stop(t + 0.32);
  });
}

function show() {
  // The 🔊 button whenever sound is on (there is always a prompt or a feedback to hear again).
  const v = props.value || {};
  again.hidden = !v.sound;
  if (v.again) again.textContent = v.again;
  toggle.hidden = !v.follow;
  toggle.querySelector('span').textContent = v.switch || '';
  note.textContent = v.sound ? noteFor(v) : '';
  cue.textContent = v.picture || ''; // the picture shows with sound off too
  cue.dataset.cue = v.cue || '';
}

function update() {
  const v = props.value || {};
  show();
  if (v.text) last = { text: v.text, lang: v.lang };
  if (!v.sound) return;
  if (v.cue) chime(v.cue);
  if (v.text) speak(v.text, v.lang);
}

function follow(tries = 0) {
  // The Draw tab: say each new answer (its data-say) while the switch is on; skip a repeat.
  const v = props.value || {};
  if (!v.follow) return;
  const target = document.querySelector(v.follow);
  if (!target) {
    if (tries < 50) setTimeout(() => follow(tries + 1), 100); // the answer may mount after us: 5 s at most
    return;
  }
  let said = '';
  let timer = null;
  const settle = () => {
    const answer = target.querySelector('[data-say]');
    const key = answer ? `${answer.dataset.points}|${answer.dataset.say}` : '';
    if (!answer || key === said) return;
    said = key;
    last = { text: answer.dataset.say, lang: answer.dataset.lang };
    if ((props.value || {}).sound && toggle.querySelector('input').checked) speak(last.text, last.lang);
  };
  // Answers come while the pen moves and between a digit's strokes: say one once it has stood for
  // 800 ms (longer than the pause between the strokes of a 4 or a 7), not every passing guess.
  new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(settle, 800);
  }).observe(target, { childList: true, subtree: true, characterData: true });
}

again.addEventListener('click', () => last && speak(last.text, last.lang));
// Voices load late in some browsers: check the note again once they are known.
if (synth) synth.addEventListener('voiceschanged', () => show());
show();
if (props.value && props.value.text) last = { text: props.value.text, lang: props.value.lang };
follow();
watch('value', update);
