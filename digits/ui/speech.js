// The speaker (digits/ui/speech.py), run by gr.HTML with `element`, `props` and `watch`: says the
// value's text with the browser's own voice (speechSynthesis), in the language's BCP 47 tag.
// Value: {text, lang, language, sound, n}; a new n says it again (the next prompt).
const again = element.querySelector('.speak-again');
const note = element.querySelector('.speak-note');
const synth = window.speechSynthesis;

function hasVoice(tag) {
  // Whether the browser has a voice for the tag's language (en-GB: any English voice will do).
  const voices = synth ? synth.getVoices() : [];
  const want = tag.split('-')[0].toLowerCase();
  return voices.some((v) => (v.lang || '').replace('_', '-').split('-')[0].toLowerCase() === want);
}

function say() {
  // Speak the text now (sound on); say plainly when the browser has no voice for the language.
  const v = props.value;
  if (!v || !v.text || !v.sound) return;
  if (!synth) {
    note.textContent = 'This browser cannot speak: read the words aloud together.';
    return;
  }
  note.textContent = hasVoice(v.lang)
    ? ''
    : `This browser has no ${v.language} voice: read the words aloud together.`;
  synth.cancel(); // a new prompt interrupts the old one
  const u = new SpeechSynthesisUtterance(v.text);
  u.lang = v.lang;
  u.rate = 0.85; // a little slower, for young listeners
  synth.speak(u);
}

function show() {
  // The 🔊 button only while there is something to say and sound is on.
  const v = props.value;
  again.hidden = !(v && v.text && v.sound);
  if (!(v && v.sound)) note.textContent = '';
}

again.addEventListener('click', say);
// Voices load late in some browsers: check the note again once they are known.
if (synth) synth.addEventListener('voiceschanged', () => {
  const v = props.value;
  if (v && v.sound && note.textContent) note.textContent = hasVoice(v.lang) ? '' : note.textContent;
});
show();
watch('value', () => {
  show();
  say();
});
