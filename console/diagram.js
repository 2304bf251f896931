// The process drawn by bpmn-js's viewer, with the analytics on it: a heat colour per activity by drop-off
// (abandoned ÷ reached), its figures as a badge, and an interaction's position and path.
import { readableLabels } from '/shared/bpmn-labels.js';

const HEAT_STEPS = 5;

export class Diagram {
  constructor(container) {
    this.viewer = new BpmnJS({ container });
    this.markers = [];
    this.badges = [];
  }

  async draw(xml) {
    await this.viewer.importXML(readableLabels(xml));
    this.markers = [];
    this.badges = [];
    this.fit();
  }

  fit(margin = 30) {
    const canvas = this.viewer.get('canvas');
    const { inner, outer } = canvas.viewbox();
    const scale = Math.min(1.2, outer.width / (inner.width + 2 * margin), outer.height / (inner.height + 2 * margin));
    const width = outer.width / scale;
    const height = outer.height / scale;
    canvas.viewbox({ x: inner.x - (width - inner.width) / 2, y: inner.y - (height - inner.height) / 2, width, height });
  }

  has(id) {
    return this.viewer.get('elementRegistry').get(id) !== undefined;
  }

  mark(id, marker) {
    if (!this.has(id)) return;
    this.viewer.get('canvas').addMarker(id, marker);
    this.markers.push([id, marker]);
  }

  clear(prefix) {
    const canvas = this.viewer.get('canvas');
    this.markers = this.markers.filter(([id, marker]) => {
      if (!marker.startsWith(prefix)) return true;
      canvas.removeMarker(id, marker);
      return false;
    });
  }

  /** The analytics' activities: heat and badge on each one the diagram has. */
  heat(activities) {
    this.clear('heat-');
    const overlays = this.viewer.get('overlays');
    for (const badge of this.badges) overlays.remove(badge);
    this.badges = [];
    for (const a of activities) {
      if (!this.has(a.id)) continue;
      const dropOff = a.reached === 0 ? 0 : a.abandoned / a.reached;
      this.mark(a.id, `heat-${Math.min(HEAT_STEPS - 1, Math.ceil(dropOff * (HEAT_STEPS - 1)))}`);
      const html = document.createElement('span');
      html.className = 'badge';
      html.dataset.activity = a.id;
      html.textContent = `${a.reached} · ${a.waiting} · ${a.abandoned}`;
      html.title = `${a.id}: reached ${a.reached}, waiting ${a.waiting}, moved on ${a.movedOn}, abandoned ${a.abandoned}`;
      this.badges.push(overlays.add(a.id, { position: { top: -12, right: 18 }, html }));
    }
  }

  /** Where an interaction is, and the activities it went through. */
  position(current, path) {
    this.clear('at-');
    for (const id of new Set(path)) if (id !== current) this.mark(id, 'at-path');
    this.mark(current, 'at-current');
  }
}
