// Calls to the API with the token from sessionStorage, and failures said in words (docs/dashboard.md).

export const futureApi = '/notifications/api/v1/future';
// sessionStorage only: gone when the tab closes, never sent anywhere by the browser on its own.
export const tokenKey = 'notifications.dashboard.token';

async function describeFailure(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // 401 and 403 come without a body.
  }
  const lines = [];
  switch (response.status) {
    case 400: lines.push('400 Bad request: ' + (problem?.title ?? 'the service did not accept the query.')); break;
    case 401: lines.push('401 Unauthorized: the token was not accepted. It may have expired or been cut short when pasted, or its issuer is not one this service trusts.'); break;
    case 403: lines.push('403 Forbidden: the token is valid but lacks the scope altinn:serviceowner/notifications.create or an organisation (urn:altinn:org).'); break;
    case 404: lines.push('404 Not found: ' + (problem?.detail ?? problem?.title ?? 'no such resource for your organisation.')); break;
    case 503: lines.push('503 Service unavailable: ' + (problem?.detail ?? problem?.title ?? 'try again in a moment.')); break;
    default: lines.push(response.status + ' ' + (problem?.title ?? response.statusText));
  }
  if (problem?.errors) {
    for (const [field, messages] of Object.entries(problem.errors)) {
      lines.push(field + ': ' + [].concat(messages).join(' '));
    }
  } else if (problem?.detail && response.status !== 404 && response.status !== 503) {
    lines.push(problem.detail);
  }
  return lines.join('\n');
}

export async function call(path) {
  const token = sessionStorage.getItem(tokenKey);
  if (!token) {
    throw new Error('Paste a token into the Token field and press Show.');
  }
  let response;
  try {
    response = await fetch(path, {
      headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    throw new Error('The service could not be reached: ' + error.message);
  }
  if (!response.ok) {
    throw new Error(await describeFailure(response));
  }
  return response.json();
}
