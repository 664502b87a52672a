// The React starter: React 18 from its UMD build (no JSX: h = React.createElement), the SDK for
// the host connection and the UI kit's Web Components for the interface.

import { connect } from './vendor/extension-iframe-sdk/src/index.js';
import { toast } from './vendor/ui-kit/src/index.js';
import { useElement } from './react-bridge.js';

const { createElement: h, useCallback, useEffect, useMemo, useState } = window.React;
const dateTime = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function Stat({ label, value }) {
  return h('alga-card', null,
    h('div', { className: 'stat-value' }, value),
    h('div', { className: 'stat-label' }, label));
}

function ItemTable({ items, onDelete }) {
  const columns = useMemo(() => [
    { key: 'name', label: 'Name', sortable: true },
    { key: 'note', label: 'Note', sortable: false },
    { key: 'created_ms', label: 'Created', sortable: true, format: (value) => (value ? dateTime.format(new Date(value)) : '–') },
    {
      key: 'id', label: 'Actions', align: 'end',
      format: (id, row) => {
        const button = document.createElement('alga-button');
        button.setAttribute('size', 'sm');
        button.setAttribute('variant', 'ghost');
        button.setAttribute('label', `Delete ${row.name}`);
        button.textContent = 'Delete';
        button.addEventListener('click', () => onDelete(row));
        return button;
      },
    },
  ], [onDelete]);
  const ref = useElement({ columns, rows: items });
  return h('alga-table', { ref, caption: 'Items', 'caption-hidden': '', 'page-size': '8' });
}

function NewItemDialog({ open, onClose, onSave }) {
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const ref = useElement({}, { close: () => onClose() });
  const nameRef = useElement({}, { input: (event) => setName(event.target.value) });
  const noteRef = useElement({}, { input: (event) => setNote(event.target.value) });
  useEffect(() => {
    if (open) ref.current.show();
    else ref.current.close();
  }, [open]);
  const save = async () => {
    if (!name.trim()) {
      setError('Give the item a name');
      return;
    }
    setSaving(true);
    const saved = await onSave({ name: name.trim(), note: note.trim() });
    setSaving(false);
    if (saved) {
      setName('');
      setNote('');
      setError('');
      nameRef.current.value = '';
      noteRef.current.value = '';
    }
  };
  return h('alga-dialog', { ref, heading: 'New item' },
    h('div', { className: 'form' },
      h('alga-input', { ref: nameRef, label: 'Name', name: 'name', required: '', 'data-autofocus': '', error: error || undefined }),
      h('alga-input', { ref: noteRef, label: 'Note', name: 'note', multiline: '', rows: '3', hint: 'Optional, up to 1000 characters' })),
    h('div', { slot: 'footer' },
      h('alga-button', { onClick: onClose }, 'Cancel'),
      ' ',
      h('alga-button', { variant: 'primary', loading: saving ? '' : undefined, onClick: save }, 'Save item')));
}

function App({ ext }) {
  const [items, setItems] = useState(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const userName = ext.session?.user?.name ?? 'there';

  const load = useCallback(async () => {
    try {
      const data = await ext.api.json('GET', '/items');
      setItems(Array.isArray(data?.items) ? data.items : []);
    } catch (error) {
      setItems([]);
      toast(error.message, { title: 'Could not load items', variant: 'danger' });
    }
  }, [ext]);

  useEffect(() => { load(); }, [load]);

  const save = async (draft) => {
    try {
      const saved = await ext.api.json('POST', '/items', draft);
      toast(`“${draft.name}” was saved.`, { title: 'Item saved', variant: 'success' });
      setDialogOpen(false);
      if (saved && typeof saved.id === 'string') setItems((current) => [saved, ...(current ?? [])]);
      else await load();
      return true;
    } catch (error) {
      toast(error.message, { title: 'Could not save the item', variant: 'danger' });
      return false;
    }
  };

  const remove = useCallback(async (item) => {
    try {
      await ext.api.call('DELETE', `/items/${encodeURIComponent(item.id)}`).then((r) => { if (!r.ok) throw r.toError(); });
      setItems((current) => current.filter((other) => other.id !== item.id));
      toast(`“${item.name}” was deleted.`, { title: 'Item deleted', variant: 'info' });
    } catch (error) {
      toast(error.message, { title: 'Could not delete the item', variant: 'danger' });
    }
  }, [ext]);

  const latest = items && items.length > 0 ? dateTime.format(new Date(Math.max(...items.map((i) => i.created_ms ?? 0)))) : '–';
  return h('main', { className: 'page' },
    h('header', { className: 'page-header' },
      h('div', null,
        h('h1', null, 'Items'),
        h('p', null, `Welcome back, ${userName}. Everything here is stored by this extension's handler.`)),
      h('alga-button', { variant: 'primary', onClick: () => setDialogOpen(true) }, 'New item')),
    h('div', { className: 'stats' },
      h(Stat, { label: 'Items', value: items ? String(items.length) : '–' }),
      h(Stat, { label: 'Last added', value: latest }),
      h(Stat, { label: 'Tenant', value: ext.session?.tenant?.name ?? '–' })),
    h('alga-card', { heading: 'All items', subheading: 'Sorted as you like; eight per page' },
      items === null
        ? h('div', { className: 'loading' }, h('alga-spinner', { label: 'Loading items', 'show-label': '' }))
        : items.length === 0
          ? h('alga-empty-state', { heading: 'No items yet', description: 'Items you create appear here for everyone in your team.', icon: 'box' },
            h('alga-button', { variant: 'primary', size: 'sm', onClick: () => setDialogOpen(true) }, 'Create the first item'))
          : h(ItemTable, { items, onDelete: remove })),
    h(NewItemDialog, { open: dialogOpen, onClose: () => setDialogOpen(false), onSave: save }));
}

async function main() {
  const root = window.ReactDOM.createRoot(document.getElementById('root'));
  try {
    const ext = await connect();
    root.render(h(App, { ext }));
  } catch (error) {
    root.render(h('main', { className: 'page' },
      h('alga-empty-state', { heading: 'Open this extension from the host app', description: error.message, icon: 'alert' })));
  }
}

main();
