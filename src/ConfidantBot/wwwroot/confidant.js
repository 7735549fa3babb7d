// The local confidant page: the booking requests the local calendar holds (it stands in for the
// confidants' own mailboxes), shown as the confidant would read them, with the answers a confidant
// can give. The bot is not told directly: its answer relay polls the calendar, as in production.
//
// Everything shown comes from people (a pseudonym is typed by the person who books), so it is put
// on the page with textContent only, never as HTML.
(function () {
  'use strict';

  const REFRESH_MS = 5000;

  const TEXT = {
    'nl-NL': {
      title: 'ConfidantBot — vertrouwenspersoon (lokaal)',
      badge: 'Lokale testomgeving — geen Teams',
      refresh: 'Vernieuwen',
      back: '← Terug naar de chat',
      heading: 'U speelt de vertrouwenspersoon',
      intro: 'Dit zijn de verzoeken die de lokale agenda heeft ontvangen, precies zoals een vertrouwenspersoon ze in de eigen mailbox ziet: een referentie, een schuilnaam, een tijd en een manier van spreken — nooit wie het is.',
      relay: seconds => `Uw antwoord gaat niet rechtstreeks naar de persoon: de bot kijkt elke ${duration(seconds, 'nl')} in de agenda (instelling Booking:AnswerPollInterval) en stuurt het antwoord dan in de chat door.`,
      relaySlow: ' Voor lokaal gebruik is 00:00:05 handig (in appsettings.Development.json).',
      noCalendar: 'Er is geen lokale agenda: de afspraakfunctie is (nog) niet geregistreerd, of Microsoft Graph is ingesteld. Dan komen verzoeken in echte mailboxen.',
      none: 'Nog geen verzoeken. Maak in de chat een afspraak ("Een afspraak maken") en kom dan hier terug.',
      to: 'Aan',
      reference: 'Referentie',
      pseudonym: 'Schuilnaam',
      time: 'Tijd',
      how: 'Hoe',
      status: 'Uw antwoord',
      minutes: n => `${n} minuten`,
      accept: 'Accepteren',
      decline: 'Weigeren',
      propose: 'Andere tijd voorstellen…',
      proposeLabel: 'Nieuwe begintijd (Europe/Amsterdam)',
      proposeSend: 'Voorstel versturen',
      proposeCancel: 'Annuleren',
      cancelled: 'Geannuleerd door de persoon',
      reminders: n => `Herinneringen ontvangen: ${n}`,
      answers: {
        none: 'Nog niet beantwoord',
        accepted: 'Geaccepteerd',
        declined: 'Geweigerd',
        tentative: 'Onder voorbehoud',
        newTimeProposed: 'Andere tijd voorgesteld'
      },
      modes: {
        online: () => 'Online via de Teams-vergadering in deze uitnodiging; de persoon neemt als gast deel.',
        phoneConfidantCalls: phone => `Telefonisch: u belt ${phone || '(geen nummer)'}.`,
        phonePersonCalls: () => 'Telefonisch: de persoon belt u op uw werknummer.',
        inPerson: () => 'Op uw kantoor.'
      },
      problems: {
        'unreachable': 'De host is niet bereikbaar. Draait "dotnet run --project src/ConfidantBot" nog?',
        'unknown-request': 'Dit verzoek bestaat niet (meer). De lijst is vernieuwd.',
        'request-cancelled': 'Dit verzoek is intussen geannuleerd. De lijst is vernieuwd.',
        'bad-proposed-time': 'Kies een geldige datum en tijd voor uw voorstel.',
        'proposed-time-past': 'Die tijd is al voorbij. Stel een tijd in de toekomst voor.',
        'proposed-time-too-soon': 'Die tijd is te snel: de persoon moet het voorstel eerst kunnen lezen. Stel een latere tijd voor.',
        'no-calendar': 'Er is geen lokale agenda ingesteld.',
        'forbidden': 'Deze pagina werkt alleen vanaf deze computer (127.0.0.1 of localhost).',
        'other': 'Het antwoord kon niet worden opgeslagen.'
      }
    },
    'en-US': {
      title: 'ConfidantBot — confidant (local)',
      badge: 'Local test environment — not Teams',
      refresh: 'Refresh',
      back: '← Back to the chat',
      heading: 'You are playing the confidant',
      intro: 'These are the requests the local calendar received, exactly as a confidant sees them in their own mailbox: a reference, a pseudonym, a time and a way to meet — never who it is.',
      relay: seconds => `Your answer does not go to the person directly: every ${duration(seconds, 'en')} the bot checks the calendar (setting Booking:AnswerPollInterval) and then passes the answer on in the chat.`,
      relaySlow: ' For local use 00:00:05 is handy (in appsettings.Development.json).',
      noCalendar: 'There is no local calendar: the booking feature is not registered (yet), or Microsoft Graph is configured. Then requests go to real mailboxes.',
      none: 'No requests yet. Book a talk in the chat ("Book a talk") and come back here.',
      to: 'To',
      reference: 'Reference',
      pseudonym: 'Pseudonym',
      time: 'Time',
      how: 'How',
      status: 'Your answer',
      minutes: n => `${n} minutes`,
      accept: 'Accept',
      decline: 'Decline',
      propose: 'Propose a new time…',
      proposeLabel: 'New start time (Europe/Amsterdam)',
      proposeSend: 'Send proposal',
      proposeCancel: 'Cancel',
      cancelled: 'Cancelled by the person',
      reminders: n => `Reminders received: ${n}`,
      answers: {
        none: 'Not answered yet',
        accepted: 'Accepted',
        declined: 'Declined',
        tentative: 'Tentative',
        newTimeProposed: 'New time proposed'
      },
      modes: {
        online: () => 'Online through the Teams meeting in this invitation; the person joins as a guest.',
        phoneConfidantCalls: phone => `By phone: you call ${phone || '(no number)'}.`,
        phonePersonCalls: () => 'By phone: the person calls your work number.',
        inPerson: () => 'At your office.'
      },
      problems: {
        'unreachable': 'The host cannot be reached. Is "dotnet run --project src/ConfidantBot" still running?',
        'unknown-request': 'This request does not exist (any more). The list was refreshed.',
        'request-cancelled': 'This request was cancelled meanwhile. The list was refreshed.',
        'bad-proposed-time': 'Choose a valid date and time for your proposal.',
        'proposed-time-past': 'That time has passed. Propose a time in the future.',
        'proposed-time-too-soon': 'That time is too soon: the person needs time to read your proposal. Propose a later time.',
        'no-calendar': 'No local calendar is configured.',
        'forbidden': 'This page only works from this computer (127.0.0.1 or localhost).',
        'other': 'The answer could not be saved.'
      }
    }
  };

  function duration(seconds, language) {
    if (seconds < 60) {
      return language === 'nl' ? `${seconds} seconden` : `${seconds} seconds`;
    }
    const minutes = Math.round(seconds / 60);
    if (language === 'nl') {
      return minutes === 1 ? 'minuut' : `${minutes} minuten`;
    }
    return minutes === 1 ? 'minute' : `${minutes} minutes`;
  }

  const elements = {
    language: document.getElementById('language'),
    refresh: document.getElementById('refresh'),
    back: document.getElementById('back'),
    badge: document.getElementById('local-badge'),
    heading: document.getElementById('heading'),
    intro: document.getElementById('intro'),
    relayNote: document.getElementById('relay-note'),
    empty: document.getElementById('empty'),
    list: document.getElementById('requests'),
    banner: document.getElementById('banner'),
    bannerText: document.getElementById('banner-text'),
    bannerDetail: document.getElementById('banner-detail')
  };

  let latest = null;
  let latestJson = '';
  let proposing = null;

  function texts() {
    return TEXT[elements.language.value] || TEXT['nl-NL'];
  }

  function language() {
    return elements.language.value === 'en-US' ? 'en' : 'nl';
  }

  function showProblem(code, detail) {
    elements.bannerText.textContent = texts().problems[code] || texts().problems.other;
    elements.bannerDetail.textContent = detail || '';
    elements.banner.hidden = false;
  }

  function hideProblem() {
    elements.banner.hidden = true;
    elements.bannerText.textContent = '';
    elements.bannerDetail.textContent = '';
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function button(label, testId, onClick, className) {
    const node = element('button', className || '', label);
    node.type = 'button';
    node.setAttribute('data-testid', testId);
    node.addEventListener('click', onClick);
    return node;
  }

  function fact(list, title, value, testId) {
    list.append(element('dt', null, title));
    const valueNode = element('dd', null, value);
    valueNode.setAttribute('data-testid', testId);
    list.append(valueNode);
    return valueNode;
  }

  function describeMode(request) {
    const mode = texts().modes[request.mode];
    return mode ? mode(request.phoneNumberToCall) : request.mode;
  }

  function describeAnswer(request) {
    const t = texts();
    const answer = t.answers[request.answer] || request.answer;
    return request.answer === 'newTimeProposed' && request.proposedTime
      ? `${answer}: ${request.proposedTime[language()]}`
      : answer;
  }

  function renderRequest(request) {
    const t = texts();
    const item = element('li', 'request' + (request.cancelled ? ' cancelled' : ''));
    item.setAttribute('data-testid', 'request');
    item.setAttribute('data-reference', request.referenceCode);
    item.setAttribute('data-answer', request.answer);

    const head = element('div', 'request-head');
    head.append(element('h2', null, request.subject));
    const to = element('span', 'to', `${t.to}: ${request.confidantEmail}`);
    to.setAttribute('data-testid', 'to');
    head.append(to);
    item.append(head);

    if (request.cancelled) {
      const flag = element('p', 'flag', t.cancelled);
      flag.setAttribute('data-testid', 'cancelled');
      item.append(flag);
    }

    const facts = element('dl', 'facts');
    fact(facts, t.reference, request.referenceCode, 'reference');
    fact(facts, t.pseudonym, request.pseudonym, 'pseudonym');
    fact(facts, t.time, `${request.time[language()]} (${t.minutes(request.durationMinutes)}, Europe/Amsterdam)`, 'time');
    fact(facts, t.how, describeMode(request), 'how');
    const status = fact(facts, t.status, describeAnswer(request), 'status');
    status.className = 'status status-' + request.answer;
    item.append(facts);

    if (request.remindersSent > 0) {
      item.append(element('p', 'reminders', t.reminders(request.remindersSent)));
    }

    if (!request.cancelled) {
      const actions = element('div', 'actions');
      actions.append(
        button(t.accept, 'accept', () => answer(request, 'accepted'), 'primary'),
        button(t.decline, 'decline', () => answer(request, 'declined')),
        button(t.propose, 'propose', () => openProposal(request)));
      item.append(actions);
      if (proposing === request.eventId) {
        item.append(renderProposal(request));
      }
    }

    return item;
  }

  function renderProposal(request) {
    const t = texts();
    const form = element('form', 'proposal');
    form.setAttribute('data-testid', 'proposal');
    const label = element('label', null, t.proposeLabel);
    const input = element('input');
    input.type = 'datetime-local';
    input.required = true;
    input.step = 900;
    input.value = request.localStart;
    input.setAttribute('data-testid', 'proposed-start');
    label.append(input);
    form.append(label);
    const send = element('button', 'primary', t.proposeSend);
    send.type = 'submit';
    send.setAttribute('data-testid', 'propose-send');
    form.append(send, button(t.proposeCancel, 'propose-cancel', () => {
      proposing = null;
      render();
    }));
    form.addEventListener('submit', event => {
      event.preventDefault();
      answer(request, 'newTimeProposed', input.value);
    });
    return form;
  }

  function openProposal(request) {
    proposing = request.eventId;
    render();
    const input = elements.list.querySelector('[data-testid=proposed-start]');
    input && input.focus();
  }

  function render() {
    const t = texts();
    document.title = t.title;
    document.documentElement.lang = language();
    elements.badge.textContent = t.badge;
    elements.refresh.textContent = t.refresh;
    elements.back.textContent = t.back;
    elements.back.href = '/?lang=' + encodeURIComponent(elements.language.value);
    elements.heading.textContent = t.heading;
    elements.intro.textContent = t.intro;

    if (!latest) {
      return;
    }

    elements.relayNote.textContent = latest.calendarConfigured
      ? t.relay(latest.pollIntervalSeconds) + (latest.pollIntervalSeconds > 10 ? t.relaySlow : '')
      : '';
    const requests = latest.requests || [];
    elements.empty.hidden = requests.length > 0;
    elements.empty.textContent = latest.calendarConfigured ? t.none : t.noCalendar;
    elements.list.replaceChildren(...requests.map(renderRequest));
  }

  async function load(force) {
    let response;
    try {
      response = await fetch('/local/confidant/requests', { headers: { Accept: 'application/json' } });
    } catch {
      showProblem('unreachable');
      return;
    }
    let body = {};
    try {
      body = await response.json();
    } catch {
      // Shown as a problem below.
    }
    if (!response.ok) {
      showProblem(body.error || 'other', body.detail);
      return;
    }

    const json = JSON.stringify(body);
    if (!force && (json === latestJson || proposing !== null)) {
      return;
    }
    latest = body;
    latestJson = json;
    render();
  }

  async function answer(request, kind, proposedStart) {
    hideProblem();
    let response;
    try {
      response = await fetch('/local/confidant/requests/' + encodeURIComponent(request.eventId) + '/answer', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ answer: kind, proposedStart: proposedStart || null })
      });
    } catch {
      showProblem('unreachable');
      return;
    }
    if (!response.ok) {
      let body = {};
      try {
        body = await response.json();
      } catch {
        // Shown as a general problem.
      }
      showProblem(body.error || 'other', body.detail);
    }
    if (response.ok || kind !== 'newTimeProposed') {
      proposing = null;
    }
    await load(true);
  }

  function initialLanguage() {
    const requested = new URLSearchParams(window.location.search).get('lang');
    if (requested && TEXT[requested]) {
      return requested;
    }
    return (navigator.language || '').toLowerCase().startsWith('en') ? 'en-US' : 'nl-NL';
  }

  elements.language.value = initialLanguage();
  elements.language.addEventListener('change', () => {
    const query = new URLSearchParams(window.location.search);
    query.set('lang', elements.language.value);
    window.history.replaceState(null, '', window.location.pathname + '?' + query.toString());
    render();
  });
  elements.refresh.addEventListener('click', () => {
    hideProblem();
    load(true);
  });
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && load(false));
  window.setInterval(() => document.visibilityState === 'visible' && load(false), REFRESH_MS);
  render();
  load(true);
})();
