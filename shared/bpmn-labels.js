// Shared by the playground and the console (served at /shared/): how an activity's id reads as a label.
// bpmn-js wraps a label at spaces and hyphens and cuts a word only when nothing else fits, so an id used
// as its label ("ask_delivery_address") is shown as words ("ask delivery address"), which wrap whole.

/** An id as words: its underscores as spaces. */
export const readableName = (id) => id.replaceAll('_', ' ');

/** The BPMN XML with every name that is an id made of words joined by underscores shown as those words. */
export const readableLabels = (xml) =>
  xml.replace(/\bname="([^"\s]*_[^"\s]*)"/g, (_, name) => `name="${readableName(name)}"`);
