// What both widget pages share: the header (process and user), and where each keeps its conversation.
const $ = (id) => document.getElementById(id);

/** The server the widget talks to: this one, or another one named by ?server= (to try several servers). */
export const server = new URLSearchParams(location.search).get('server') ?? location.origin;

/** Fills the header from GET /processes and the page's storage; `onRestart` forgets the conversation. */
export async function setUpHeader(storageKey, onRestart) {
  const { processes, default: fallback } = await (await fetch('/processes')).json();
  const stored = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
  const asked = new URLSearchParams(location.search).get('process');
  const wanted = processes.some((p) => p.name === asked) ? asked : null;
  // ?process= always wins: a conversation saved for another process is forgotten, not shown.
  const stale = wanted !== null && stored !== null && stored.process !== wanted;
  if (stale) onRestart();
  const saved = stale ? { uid: stored.uid } : stored;
  $('process').replaceChildren(...processes.map((p) => new Option(p.name, p.name)));
  $('process').value =
    wanted ?? saved?.process ?? (processes.some((p) => p.name === 'store') ? 'store' : fallback);
  $('uid').value = saved?.uid ?? `web-${crypto.randomUUID().slice(0, 8)}`;
  const restart = () => {
    onRestart();
    localStorage.setItem(storageKey, JSON.stringify({ process: $('process').value, uid: $('uid').value.trim() }));
    // The address says the process picked now (a reload would bring back the old ?process=).
    const params = new URLSearchParams(location.search);
    params.set('process', $('process').value);
    location.search = params.toString();
  };
  $('restart').onclick = restart;
  $('process').onchange = restart;
  return { process: $('process').value, uid: $('uid').value.trim(), saved };
}

export const showState = (text, state) => {
  $('state').textContent = text;
  $('state').dataset.state = state;
};
