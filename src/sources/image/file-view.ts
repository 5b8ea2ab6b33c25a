import type { ImageFileView, LayerEntry, PathEvent } from '../../model/image.js';

/**
 * Merges layers into the image's final file view the way overlay filesystems do: `.wh.<name>`
 * deletes a path (and what is below it), `.wh..wh..opq` hides a directory's lower-layer content,
 * a non-directory replacing a directory hides its children. Every add, change and delete is kept
 * per path so a file removed by a later layer can still be traced to the layer that holds it.
 */
export class FileViewBuilder {
  private readonly files = new Map<string, LayerEntry>();
  /** Directory → its child paths present in `files` or leading to them. */
  private readonly children = new Map<string, Set<string>>();
  private readonly events = new Map<string, PathEvent[]>();

  private layer = -1;
  private layerEntries = new Map<string, LayerEntry>();
  private layerWhiteouts: string[] = [];
  private layerOpaque: string[] = [];
  private deletedThisLayer = new Set<string>();

  beginLayer(layer: number): void {
    this.layer = layer;
    this.layerEntries = new Map();
    this.layerWhiteouts = [];
    this.layerOpaque = [];
    this.deletedThisLayer = new Set();
  }

  /** An entry of the current layer; a later entry for the same path in the same layer wins. */
  add(entry: LayerEntry): void {
    this.layerEntries.delete(entry.path);
    this.layerEntries.set(entry.path, entry);
  }

  /** `.wh.<name>`: `path` is the deleted path. */
  whiteout(path: string): void {
    this.layerWhiteouts.push(path);
  }

  /** `.wh..wh..opq` in `dir`. */
  opaque(dir: string): void {
    this.layerOpaque.push(dir);
  }

  /** Applies the current layer: whiteouts first (they only hide lower layers), then its entries. */
  endLayer(): void {
    for (const dir of this.layerOpaque) this.deleteChildren(dir);
    for (const path of this.layerWhiteouts) this.delete(path);
    for (const entry of this.layerEntries.values()) this.put(entry);
    this.layerEntries = new Map();
  }

  build(): ImageFileView {
    const files = this.files;
    const history = new Map<string, readonly PathEvent[]>();
    for (const [path, events] of this.events) {
      if (events.length > 1 || events.some((e) => e.action === 'delete')) history.set(path, events);
    }
    return {
      files,
      history,
      isFinal: (path: string, layer: number) => files.get(path)?.layer === layer,
    };
  }

  private put(entry: LayerEntry): void {
    const existing = this.files.get(entry.path);
    if (existing) {
      if (existing.type === 'dir' && entry.type !== 'dir') this.deleteChildren(entry.path);
      const metadataOnly = existing.type === 'dir' && entry.type === 'dir' && existing.mode === entry.mode && existing.uid === entry.uid && existing.gid === entry.gid;
      if (!metadataOnly) this.record(entry.path, 'change');
    } else if (this.deletedThisLayer.has(entry.path)) {
      // Whited out and written again by the same layer: to the image, that is a change.
      const events = this.events.get(entry.path);
      if (events?.at(-1)?.action === 'delete' && events.at(-1)?.layer === this.layer) events.pop();
      this.record(entry.path, 'change');
    } else {
      this.record(entry.path, 'add');
    }
    this.files.set(entry.path, entry);
    this.link(entry.path);
  }

  private delete(path: string): void {
    this.deleteChildren(path);
    if (this.files.delete(path)) {
      this.record(path, 'delete');
      this.deletedThisLayer.add(path);
    }
    this.children.get(parentOf(path))?.delete(path);
  }

  private deleteChildren(dir: string): void {
    const kids = this.children.get(dir);
    if (!kids) return;
    this.children.delete(dir);
    for (const child of kids) this.delete(child);
  }

  private link(path: string): void {
    for (let child = path; child !== '/'; ) {
      const parent = parentOf(child);
      let set = this.children.get(parent);
      if (!set) this.children.set(parent, (set = new Set()));
      if (set.has(child)) return;
      set.add(child);
      child = parent;
    }
  }

  private record(path: string, action: PathEvent['action']): void {
    let events = this.events.get(path);
    if (!events) this.events.set(path, (events = []));
    events.push({ layer: this.layer, action });
  }
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}
