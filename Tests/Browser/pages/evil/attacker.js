// A third-party frame on the host page trying to talk its way into the bridge (window.attack).

var attack = {
  windowMessages: [],
  portMessages: [],

  envelope: function (seq, type, payload) {
    return { alga: 'ext-ui', v: 1, seq: seq, type: type, payload: payload };
  },

  /** Posts to the host window (forged hello / api traffic). */
  toHost: function (data) {
    window.parent.postMessage(data, '*');
  },

  /** Posts to the host page's frame `index`, optionally with a port whose traffic is recorded. */
  toFrame: function (index, data, withPort) {
    var transfer = [];
    if (withPort) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { attack.portMessages.push(event.data); };
      transfer = [channel.port2];
    }
    window.parent.frames[index].postMessage(data, '*', transfer);
  },

  /** Frames `url` (clickjacking attempt); records whether the frame loaded. */
  frame: function (url) {
    var frame = document.createElement('iframe');
    frame.src = url;
    document.body.appendChild(frame);
  },

  floodHost: function (count) {
    for (var i = 0; i < count; i += 1) window.parent.postMessage(attack.envelope(0, 'hello', { nonce: '0'.repeat(32) }), '*');
  },
};

window.addEventListener('message', function (event) {
  attack.windowMessages.push({ data: event.data, ports: event.ports.length });
  for (var i = 0; i < event.ports.length; i += 1) {
    event.ports[i].onmessage = function (message) { attack.portMessages.push(message.data); };
  }
});
window.attack = attack;
