// The governance page: asks for the admin token, fetches /admin/report with it and draws the report.
// The token stays in sessionStorage (this tab only). Text is set with textContent only, never as HTML.
'use strict';

(function () {
  const TOKEN_KEY = 'acr-cds-admin-token';
  const SVG = 'http://www.w3.org/2000/svg';
  const CHART = { width: 760, height: 280, left: 52, right: 28, top: 24, bottom: 58 };

  const byId = (id) => document.getElementById(id);

  function element(name, text, className) {
    const node = document.createElement(name);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function svg(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, String(value)));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function percent(rate) {
    return rate === null ? '–' : Math.round(rate * 100) + '%';
  }

  function showMessage(id, message) {
    const node = byId(id);
    node.textContent = message || '';
    node.hidden = !message;
  }

  function askForToken(message) {
    byId('report').hidden = true;
    byId('token-form').hidden = false;
    showMessage('token-error', message);
    byId('token').focus();
  }

  async function loadReport() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
      askForToken();
      return;
    }
    const query = new URLSearchParams();
    if (byId('from').value) query.set('from', byId('from').value);
    if (byId('to').value) query.set('to', byId('to').value);
    let response;
    try {
      response = await fetch('/admin/report?' + query, { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' });
    } catch (failure) {
      showMessage('report-error', 'The server could not be reached.');
      return;
    }
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken('The token was not accepted.');
      return;
    }
    if (!response.ok) {
      const error = await response.json().catch(() => null);
      showMessage('report-error', error && error.message ? error.message : 'The report failed (HTTP ' + response.status + ').');
      return;
    }
    render(await response.json());
  }

  function render(report) {
    byId('token-form').hidden = true;
    byId('report').hidden = false;
    showMessage('report-error', null);
    byId('from').value = report.from;
    byId('to').value = report.to;
    const shown = report.weeks.reduce((sum, week) => sum + week.shown, 0);
    const unmatched = report.unmatchedFeedback;
    byId('summary').textContent = `${report.from} to ${report.to} (UTC days): ${shown} card${shown === 1 ? '' : 's'} shown; `
      + `${unmatched} feedback entr${unmatched === 1 ? 'y names a card' : 'ies name cards'} that no recorded decision shows.`;
    drawChart(byId('acceptance-chart'), report.weeks);
    fillTopics(byId('topics').tBodies[0], report.cardsBySiteAndTopic);
    fillRatings(byId('ratings').tBodies[0], report.ratingsByProcedureClass);
  }

  function fillTopics(body, rows) {
    body.replaceChildren();
    if (rows.length === 0) {
      body.append(emptyRow(8, 'No card was shown in this window.'));
      return;
    }
    rows.forEach((row) => {
      const line = element('tr');
      line.append(element('td', row.siteId === null ? '(no site)' : row.siteId));
      const topic = element('td', row.topicCode === null ? '(no topic)' : row.topicCode, 'code');
      if (row.topicSystem) topic.title = row.topicSystem;
      line.append(topic);
      [row.shown, row.accepted, row.overridden].forEach((count) => line.append(element('td', count, 'number')));
      line.append(reasonsCell(row.overriddenByReason));
      line.append(element('td', row.noFeedback, 'number'));
      line.append(element('td', percent(row.acceptanceRate), 'number'));
      body.append(line);
    });
  }

  function reasonsCell(reasons) {
    const cell = element('td');
    if (reasons.length === 0) {
      cell.append(element('span', '–', 'empty'));
      return cell;
    }
    const list = element('ul', null, 'reasons');
    reasons.forEach((reason) => {
      const item = element('li', `${reason.code === null ? '(no reason given)' : reason.code}: ${reason.cards}`);
      if (reason.system) item.title = reason.system;
      list.append(item);
    });
    cell.append(list);
    return cell;
  }

  function fillRatings(body, rows) {
    body.replaceChildren();
    if (rows.length === 0) {
      body.append(emptyRow(4, 'No order was rated in this window.'));
      return;
    }
    const counts = (values, none) => values.map((value) => `${value.value === null ? none : value.value}: ${value.orders}`).join(', ');
    rows.forEach((row) => {
      const line = element('tr');
      line.append(element('td', row.procedureClass === null ? '(not covered by the criteria)' : row.procedureClass, 'code'));
      line.append(element('td', row.rated, 'number'));
      line.append(element('td', counts(row.pamaRatings, '(no rating)')));
      line.append(element('td', counts(row.categories, '(no category)')));
      body.append(line);
    });
  }

  function emptyRow(columns, text) {
    const line = element('tr');
    const cell = element('td', text, 'empty');
    cell.colSpan = columns;
    line.append(cell);
    return line;
  }

  // A line chart drawn by hand: one point per week that has a rate, the line broken across weeks without one.
  function drawChart(chart, weeks) {
    [...chart.querySelectorAll(':scope > :not(title)')].forEach((node) => node.remove());
    const plotWidth = CHART.width - CHART.left - CHART.right;
    const plotHeight = CHART.height - CHART.top - CHART.bottom;
    const x = (index) => CHART.left + (weeks.length === 1 ? plotWidth / 2 : (index * plotWidth) / (weeks.length - 1));
    const y = (rate) => CHART.top + (1 - rate) * plotHeight;

    [0, 0.25, 0.5, 0.75, 1].forEach((rate) => {
      chart.append(svg('line', { class: 'grid', x1: CHART.left, x2: CHART.width - CHART.right, y1: y(rate), y2: y(rate) }));
      chart.append(svg('text', { class: 'axis-label', x: CHART.left - 8, y: y(rate) + 4, 'text-anchor': 'end' }, `${rate * 100}%`));
    });
    // Under each week its date and how many cards it showed: a rate of few cards says little.
    const labelEvery = Math.ceil(weeks.length / 13);
    const axis = CHART.height - CHART.bottom;
    chart.append(svg('text', { class: 'count-label', x: CHART.left - 18, y: axis + 38, 'text-anchor': 'end' }, 'cards'));
    weeks.forEach((week, index) => {
      if (index % labelEvery === 0) {
        chart.append(svg('text', { class: 'axis-label', x: x(index), y: axis + 20, 'text-anchor': 'middle' }, shortDate(week.weekStart)));
        chart.append(svg('text', { class: 'count-label', x: x(index), y: axis + 38, 'text-anchor': 'middle' }, week.shown));
      }
    });

    let segment = [];
    const segments = [];
    weeks.forEach((week, index) => {
      if (week.acceptanceRate === null) {
        if (segment.length) segments.push(segment);
        segment = [];
      } else {
        segment.push([x(index), y(week.acceptanceRate)]);
      }
    });
    if (segment.length) segments.push(segment);
    segments.filter((points) => points.length > 1).forEach((points) => {
      chart.append(svg('polyline', { class: 'rate-line', points: points.map((point) => point.join(',')).join(' ') }));
    });

    weeks.forEach((week, index) => {
      if (week.acceptanceRate === null) return;
      const point = svg('circle', { class: 'point', cx: x(index), cy: y(week.acceptanceRate), r: 5, 'data-week': week.weekStart });
      point.append(svg('title', {}, `Week of ${week.weekStart}: ${percent(week.acceptanceRate)} `
        + `(${week.accepted} accepted, ${week.overridden} overridden, ${week.noFeedback} without feedback)`));
      chart.append(point);
      chart.append(svg('text', { class: 'point-label', x: x(index), y: y(week.acceptanceRate) - 10, 'text-anchor': 'middle' },
        percent(week.acceptanceRate)));
    });
    if (!weeks.some((week) => week.acceptanceRate !== null)) {
      chart.append(svg('text', { class: 'no-data', x: CHART.width / 2, y: CHART.height / 2, 'text-anchor': 'middle' },
        'No card got feedback in this window.'));
    }
  }

  function shortDate(isoDay) {
    return new Date(isoDay + 'T00:00:00Z').toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  }

  document.addEventListener('DOMContentLoaded', () => {
    byId('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, byId('token').value.trim());
      byId('token').value = '';
      loadReport();
    });
    byId('window-form').addEventListener('submit', (event) => {
      event.preventDefault();
      loadReport();
    });
    byId('forget').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken();
    });
    loadReport();
  });
}());
