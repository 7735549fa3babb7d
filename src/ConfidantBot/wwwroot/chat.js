// The local chat page: Microsoft's Web Chat on a small custom DirectLine object.
//
// Why a custom object instead of Direct Line 3.0: the host is its own channel on loopback, so
// tokens, token refresh, watermark polling and WebSockets would add code without adding truth.
// The object talks to three endpoints of the host (see LocalChatEndpoints.cs):
//   POST /local/conversations                      start a chat as a made-up person
//   POST /local/conversations/{id}/activities      what Web Chat sends
//   GET  /local/conversations/{id}/events          Server-Sent Events: echoes, bot replies, notices
// Web Chat's contract for such an object: connectionStatus$ replays its last value (2 = online),
// activity$ does not lose what arrived before a subscriber, postActivity returns an Observable of
// the new id, and the person's own activity comes back on activity$ with an id and the same
// channelData.clientActivityID.
(function () {
  'use strict';

  const ConnectionStatus = { Uninitialized: 0, Connecting: 1, Online: 2, FailedToConnect: 4, Ended: 5 };

  const TEXT = {
    'nl-NL': {
      badge: 'Lokale testomgeving — geen Teams',
      restart: 'Nieuw gesprek',
      confidantLink: 'Speel de vertrouwenspersoon →',
      starting: 'Gesprek wordt gestart…',
      chattingAs: name => `Je chat als „${name}” (verzonnen identiteit). Rol of taal wisselen start een nieuw gesprek.`,
      problems: {
        'bot-unreachable': 'De bot is niet bereikbaar. Draait de host nog? Start hem met "dotnet run --project src/ConfidantBot" en kies daarna "Nieuw gesprek".',
        'unknown-conversation': 'Dit gesprek is niet meer bekend bij de bot (is de host opnieuw gestart?). Kies "Nieuw gesprek".',
        'bot-refused': 'De bot gaf een fout terug; je bericht is niet verwerkt.',
        'bot-timeout': 'De bot antwoordde niet op tijd.',
        'bad-reply': 'Een antwoord van de bot kon niet worden getoond.',
        'bad-request': 'Het bericht werd door het lokale kanaal geweigerd.',
        'too-large': 'Het bericht is te groot.',
        'forbidden': 'Het lokale kanaal werkt alleen vanaf deze computer (127.0.0.1 of localhost).',
        'missing-webchat': 'Web Chat is niet geïnstalleerd. Bouw het project (dat voert "npm ci" uit in src/ConfidantBot/ClientApp) en herlaad de pagina.'
      }
    },
    'en-US': {
      badge: 'Local test environment — not Teams',
      restart: 'New conversation',
      confidantLink: 'Play the confidant →',
      starting: 'Starting the conversation…',
      chattingAs: name => `You are chatting as "${name}" (a made-up identity). Switching role or language starts a new conversation.`,
      problems: {
        'bot-unreachable': 'The bot cannot be reached. Is the host still running? Start it with "dotnet run --project src/ConfidantBot", then choose "New conversation".',
        'unknown-conversation': 'The bot no longer knows this conversation (did the host restart?). Choose "New conversation".',
        'bot-refused': 'The bot answered with an error; your message was not handled.',
        'bot-timeout': 'The bot did not answer in time.',
        'bad-reply': 'A reply from the bot could not be shown.',
        'bad-request': 'The local channel refused the message.',
        'too-large': 'The message is too large.',
        'forbidden': 'The local channel only works from this computer (127.0.0.1 or localhost).',
        'missing-webchat': 'Web Chat is not installed. Build the project (it runs "npm ci" in src/ConfidantBot/ClientApp) and reload the page.'
      }
    }
  };

  const elements = {
    role: document.getElementById('role'),
    language: document.getElementById('language'),
    restart: document.getElementById('restart'),
    confidantLink: document.getElementById('confidant-link'),
    badge: document.getElementById('local-badge'),
    banner: document.getElementById('banner'),
    bannerText: document.getElementById('banner-text'),
    bannerDetail: document.getElementById('banner-detail'),
    identity: document.getElementById('identity'),
    host: document.getElementById('webchat-host')
  };

  let current = { generation: 0, directLine: null, problem: null };

  // ---- Observables: the minimum Web Chat uses (subscribe with an observer or a function; unsubscribe).

  function toObserver(observerOrNext) {
    return typeof observerOrNext === 'function' ? { next: observerOrNext } : observerOrNext || {};
  }

  function createObservable(onSubscribe) {
    return {
      subscribe(observerOrNext) {
        const teardown = onSubscribe(toObserver(observerOrNext));
        let closed = false;
        return {
          get closed() { return closed; },
          unsubscribe() {
            if (!closed) {
              closed = true;
              teardown && teardown();
            }
          }
        };
      }
    };
  }

  // replay 'last': a new subscriber gets the latest value (connection status).
  // replay 'all': a new subscriber gets everything so far. Web Chat subscribes to activity$ more
  // than once (first only to start the connection), and it replaces activities by id, so replaying
  // all of them is safe and nothing is lost between subscriptions.
  function createSubject(replay, initial) {
    const observers = new Set();
    const history = [];
    if (initial !== undefined) {
      history.push(initial);
    }

    return {
      next(value) {
        if (replay === 'last') {
          history.length = 0;
        }
        history.push(value);
        observers.forEach(observer => observer.next && observer.next(value));
      },
      observable: createObservable(observer => {
        observers.add(observer);
        history.slice().forEach(value => observer.next && observer.next(value));
        return () => observers.delete(observer);
      })
    };
  }

  // ---- The DirectLine object.

  async function readJson(response) {
    try {
      return await response.json();
    } catch {
      return {};
    }
  }

  function createLocalDirectLine(conversationId, report) {
    const base = '/local/conversations/' + encodeURIComponent(conversationId);
    const connectionStatus = createSubject('last', ConnectionStatus.Uninitialized);
    const activities = createSubject('all');
    let source = null;
    let ended = false;
    let interrupted = false;

    function connect() {
      connectionStatus.next(ConnectionStatus.Connecting);
      source = new EventSource(base + '/events');
      source.onopen = () => {
        if (interrupted) {
          interrupted = false;
          report.recovered();
        }
        connectionStatus.next(ConnectionStatus.Online);
      };
      source.addEventListener('activity', event => {
        let activity;
        try {
          activity = JSON.parse(event.data);
        } catch {
          report.problem('bad-reply', 'An event from the local channel was not valid JSON.');
          return;
        }
        activities.next(activity);
      });
      source.addEventListener('notice', event => {
        let notice = {};
        try {
          notice = JSON.parse(event.data);
        } catch {
          // An unreadable notice is still a problem worth showing.
        }
        report.problem(notice.error || 'bad-reply', notice.detail);
      });
      source.onerror = () => {
        if (ended) {
          return;
        }
        interrupted = true;
        if (source.readyState === EventSource.CLOSED) {
          // The browser gives up after an HTTP error: the conversation is gone (often a restarted host).
          connectionStatus.next(ConnectionStatus.FailedToConnect);
          report.problem('unknown-conversation');
        } else {
          // A network error: the browser retries by itself; Web Chat shows "reconnecting".
          connectionStatus.next(ConnectionStatus.Connecting);
          report.problem('bot-unreachable');
        }
      };
    }

    connect();

    return {
      activity$: activities.observable,
      connectionStatus$: connectionStatus.observable,
      postActivity(activity) {
        return createObservable(observer => {
          let active = true;
          fetch(base + '/activities', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(activity)
          })
            .then(async response => {
              const body = await readJson(response);
              if (!response.ok) {
                report.problem(body.error || (response.status === 404 ? 'unknown-conversation' : 'bad-request'), body.detail);
                throw new Error('The local channel answered HTTP ' + response.status);
              }
              if (active) {
                observer.next && observer.next(body.id);
                observer.complete && observer.complete();
              }
            })
            .catch(error => {
              if (error instanceof TypeError) {
                report.problem('bot-unreachable');
              }
              if (active) {
                observer.error && observer.error(error);
              }
            });
          return () => {
            active = false;
          };
        });
      },
      end() {
        ended = true;
        source && source.close();
        connectionStatus.next(ConnectionStatus.Ended);
      }
    };
  }

  // Web Chat cannot send Universal Actions (Action.Execute) as Teams does; without the type
  // registered, the Adaptive Cards renderer uses the action's fallback (an Action.Submit), which is
  // what older Teams clients do too.
  function adaptiveCardsPackage() {
    const adaptiveCards = window.AdaptiveCards;
    if (!adaptiveCards) {
      return undefined;
    }
    if (adaptiveCards.GlobalRegistry.actions.findByName('Action.Execute')) {
      adaptiveCards.GlobalRegistry.actions.unregister('Action.Execute');
    }
    return adaptiveCards;
  }

  // ---- The page.

  function texts() {
    return TEXT[elements.language.value] || TEXT['nl-NL'];
  }

  function showProblem(code, detail) {
    current.problem = code;
    elements.bannerText.textContent = texts().problems[code] || texts().problems['bad-reply'];
    elements.bannerDetail.textContent = detail || '';
    elements.banner.hidden = false;
  }

  function hideProblem() {
    current.problem = null;
    elements.banner.hidden = true;
    elements.bannerText.textContent = '';
    elements.bannerDetail.textContent = '';
  }

  function initialLanguage(query) {
    const requested = query.get('lang');
    if (requested && TEXT[requested]) {
      return requested;
    }
    return (navigator.language || '').toLowerCase().startsWith('en') ? 'en-US' : 'nl-NL';
  }

  function rememberChoice() {
    const query = new URLSearchParams(window.location.search);
    query.set('role', elements.role.value);
    query.set('lang', elements.language.value);
    window.history.replaceState(null, '', window.location.pathname + '?' + query.toString());
  }

  function applyLanguage() {
    const locale = elements.language.value;
    document.documentElement.lang = locale.substring(0, 2);
    elements.badge.textContent = texts().badge;
    elements.restart.textContent = texts().restart;
    elements.confidantLink.textContent = texts().confidantLink;
    elements.confidantLink.href = '/confidant?lang=' + encodeURIComponent(locale);
  }

  async function startConversation() {
    const generation = ++current.generation;
    if (current.directLine) {
      current.directLine.end();
      current.directLine = null;
    }
    hideProblem();
    rememberChoice();
    applyLanguage();
    elements.host.replaceChildren();
    elements.identity.textContent = texts().starting;

    if (!window.WebChat || typeof window.WebChat.renderWebChat !== 'function') {
      elements.identity.textContent = '';
      showProblem('missing-webchat');
      return;
    }

    const isCurrent = () => generation === current.generation;
    const report = {
      problem: (code, detail) => isCurrent() && showProblem(code, detail),
      recovered: () => isCurrent() && current.problem === 'bot-unreachable' && hideProblem()
    };

    const locale = elements.language.value;
    let response;
    try {
      response = await fetch('/local/conversations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: elements.role.value, locale })
      });
    } catch {
      report.problem('bot-unreachable');
      elements.identity.textContent = '';
      return;
    }

    const body = await readJson(response);
    if (!isCurrent()) {
      return;
    }
    if (!response.ok) {
      elements.identity.textContent = '';
      report.problem(body.error || 'bot-unreachable', body.detail);
      return;
    }

    const directLine = createLocalDirectLine(body.conversationId, report);
    current.directLine = directLine;
    elements.identity.textContent = texts().chattingAs(body.user.name);

    // A fresh element per conversation: the previous Web Chat is left behind with its ended connection.
    const container = document.createElement('div');
    container.className = 'webchat';
    container.setAttribute('data-testid', 'webchat');
    elements.host.replaceChildren(container);
    if (locale.startsWith('nl')) {
      showDutchTimes(container);
    }
    window.WebChat.renderWebChat(
      {
        directLine,
        userID: body.user.id,
        username: body.user.name,
        locale,
        adaptiveCardsPackage: adaptiveCardsPackage(),
        // Wider than Web Chat's 480 px default, closer to how Teams gives cards room: fact titles
        // such as "Schuilnaam" no longer break in the middle of the word.
        styleOptions: { hideUploadButton: true, sendTimeout: 60000, bubbleMaxWidth: 640 }
      },
      container
    );
  }

  // Web Chat formats message times with globalize's 12-hour skeleton ("MMMMdhm"), so a Dutch page
  // read "3 december om 1:17 p.m."; Web Chat offers no option for it. Dutch readers expect "13:17":
  // times in the activity status (its text, title and screen-reader text) are rewritten to 24 hours.
  const TWELVE_HOUR_TIME = /\b(\d{1,2}):(\d{2})\s?([ap])\.?\s?m\b\.?/gi;

  function to24Hours(text) {
    return text.replace(TWELVE_HOUR_TIME, (_, hours, minutes, half) => {
      const hour = (parseInt(hours, 10) % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
      return String(hour).padStart(2, '0') + ':' + minutes;
    });
  }

  function rewriteStatusTimes(root) {
    const statuses = root.matches && root.matches('.webchat__activity-status')
      ? [root]
      : [...(root.querySelectorAll ? root.querySelectorAll('.webchat__activity-status') : [])];
    for (const status of statuses) {
      for (const node of [status, ...status.querySelectorAll('*')]) {
        for (const attribute of ['title', 'aria-label']) {
          const value = node.getAttribute(attribute);
          if (value && TWELVE_HOUR_TIME.test(value)) {
            node.setAttribute(attribute, to24Hours(value));
          }
          TWELVE_HOUR_TIME.lastIndex = 0;
        }
      }
      const walker = document.createTreeWalker(status, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const rewritten = to24Hours(text.nodeValue);
        if (rewritten !== text.nodeValue) {
          text.nodeValue = rewritten;
        }
      }
    }
  }

  function showDutchTimes(container) {
    new MutationObserver(mutations => {
      for (const mutation of mutations) {
        const target = mutation.target.nodeType === Node.TEXT_NODE ? mutation.target.parentElement : mutation.target;
        const status = target && target.closest ? target.closest('.webchat__activity-status') : null;
        rewriteStatusTimes(status || target);
        for (const added of mutation.addedNodes) {
          if (added.nodeType === Node.ELEMENT_NODE) {
            rewriteStatusTimes(added);
          }
        }
      }
    }).observe(container, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['title', 'aria-label'] });
  }

  const query = new URLSearchParams(window.location.search);
  if (query.get('role') && [...elements.role.options].some(option => option.value === query.get('role'))) {
    elements.role.value = query.get('role');
  }
  elements.language.value = initialLanguage(query);
  elements.role.addEventListener('change', startConversation);
  elements.language.addEventListener('change', startConversation);
  elements.restart.addEventListener('click', startConversation);
  startConversation();
})();
