"""The Gradio tabs; the only part of digits that imports gradio."""
