// React <-> Web Components glue for the starter: React 18 passes props to custom elements as
// attributes and cannot listen to their custom events, so array data (table rows) and custom
// events (dialog `close`) go through a ref.

const { useEffect, useRef } = window.React;

/** A ref that sets `properties` on the element and subscribes `events` ({type: handler}). */
export function useElement(properties = {}, events = {}) {
  const ref = useRef(null);
  useEffect(() => {
    const element = ref.current;
    if (element) Object.assign(element, properties);
  });
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const entries = Object.entries(events);
    for (const [type, handler] of entries) element.addEventListener(type, handler);
    return () => {
      for (const [type, handler] of entries) element.removeEventListener(type, handler);
    };
  });
  return ref;
}
