// Tries what the extension CSP must block; records each outcome and every
// `securitypolicyviolation` event (window.cspProbe), for the tests to compare with the log.

const violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
});

const results = {};
window.cspProbe = { results, violations };

async function run(target) {
  results.inlineScript = window.inlineScriptRan === true ? 'ran' : 'blocked';
  results.inlineStyle = getComputedStyle(document.getElementById('styled')).color === 'rgb(255, 0, 0)' ? 'applied' : 'blocked';
  try {
    results.eval = `ran: ${eval('6 * 7')}`;
  } catch (error) {
    results.eval = `blocked: ${error.name}`;
  }
  try {
    results.function = `ran: ${new Function('return 6 * 7')()}`;
  } catch (error) {
    results.function = `blocked: ${error.name}`;
  }
  try {
    const response = await fetch(target, { method: 'POST', body: 'direct call' });
    results.fetch = `ran: ${response.status}`;
  } catch (error) {
    results.fetch = `blocked: ${error.name}`;
  }
  try {
    await import(`${target}/module.js`);
    results.crossOriginScript = 'ran';
  } catch (error) {
    results.crossOriginScript = `blocked: ${error.name}`;
  }
  results.imageLoaded = await new Promise((resolve) => {
    const image = new Image();
    image.onload = () => resolve('loaded');
    image.onerror = () => resolve('blocked');
    image.src = `${target}?leak=image`;
  });
  results.beacon = navigator.sendBeacon(`${target}?leak=beacon`, 'data') ? 'queued' : 'blocked';
  // An uncaught eval in its own task, so the refusal also reaches the console log.
  setTimeout(() => eval('"uncaught eval"'));
  const form = document.getElementById('form');
  form.action = target;
  form.requestSubmit();
  results.formSubmitted = 'attempted';
  results.done = true;
}

run(new URLSearchParams(window.location.search).get('target'));
