// Calls to the testbed API. Every answer becomes { ok, status, body, message } so callers show
// one sentence whatever went wrong, including the network.

export async function post(path, body) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, body: null, message: 'The testbed server did not answer.' };
  }
  let json = null;
  try {
    json = response.status === 204 ? null : await response.json();
  } catch {
    // A proxy's HTML error page, say: the status code is all there is.
  }
  const message = json?.message ?? json?.error?.message ?? statusWords(response.status);
  return { ok: response.ok, status: response.status, body: json, message };
}

function statusWords(status) {
  if (status >= 200 && status < 300) return 'Done.';
  if (status === 401) return 'Sign in to do that.';
  if (status === 403) return 'Only maintainers can do that.';
  return `The server answered ${status}.`;
}
