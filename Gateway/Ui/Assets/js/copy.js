// Copying text to the clipboard, with a word of feedback. The Clipboard API needs a secure
// context (https or localhost); elsewhere the text is selected for Ctrl+C instead.

const FEEDBACK_MS = 2000;

export async function copyText(text, button, status, selectable) {
  const label = button.textContent;
  let message;
  try {
    await navigator.clipboard.writeText(text);
    message = 'Copied to the clipboard.';
    button.textContent = 'Copied';
  } catch {
    if (selectable) {
      window.getSelection().selectAllChildren(selectable);
    }
    message = 'The browser refused the clipboard here: the text is selected, press Ctrl+C (⌘C) to copy it.';
  }
  if (status) {
    status.textContent = message;
  }
  setTimeout(() => {
    button.textContent = label;
    if (status?.textContent === message) {
      status.textContent = '';
    }
  }, FEEDBACK_MS);
}
