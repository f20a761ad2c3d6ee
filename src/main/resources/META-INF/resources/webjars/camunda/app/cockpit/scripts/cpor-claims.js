/*
 * "CPOR claims": claim analytics for process analysts in Cockpit (Community Edition shows only
 * running instances). Plain JavaScript on Cockpit's plugin API (7.14+):
 *   - cockpit.dashboard: claims by status now, reviews overdue, a link to the page below;
 *   - cockpit.route #/cpor-claims and a cockpit.navigation entry: the flow per day, stage durations
 *     and the review SLA, where claims wait now, the partners with the most rejections, and a search
 *     of finished claims whose detail shows the claim's whole history.
 * Figures come from GET /api/analytics/claims/... (read-only; the Cockpit session authenticates it),
 * charts from Chart.js (a WebJar of the application), and every table downloads as CSV.
 */

// Cockpit runs at <context path><webapp path>, e.g. /camunda; the application's API at <context path>.
const APP_ROOT = (document.querySelector('base[app-root]') || {getAttribute: () => '/camunda'})
  .getAttribute('app-root');
const CONTEXT = APP_ROOT.replace(/\/[^/]*$/, '');
const API = CONTEXT + '/api/analytics/claims';
const CHART_JS = CONTEXT + '/webjars/chart.js/dist/chart.umd.js';

const STATUS_LABELS = {
  DRAFT: 'Draft (not submitted)',
  SUBMITTED: 'Submitted',
  UNDER_REVIEW: 'Under review',
  PARTNER_ACTION_REQUIRED: 'Waiting for the partner',
  APPROVED: 'Approved, opt-out window open',
  OFFICIAL: 'Official',
  REJECTED: 'Rejected'
};

const ENDED_BY_LABELS = {
  CUSTOMER: 'By the customer',
  PARTNER: 'By the partner',
  SUBSCRIPTION_EXPIRED: 'Subscription expired'
};

const STYLE = `
/* Cockpit's page frame does not scroll (overflow: hidden): the page scrolls itself. */
.cpor-claims.cpor-page { position: absolute; top: 0; bottom: 0; left: 0; right: 0; overflow-y: auto; padding-bottom: 40px; }
.cpor-claims h3 { margin-top: 24px; }
.cpor-claims details summary { cursor: pointer; margin-bottom: 8px; }
.cpor-claims .cpor-row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.cpor-claims .cpor-row > * { flex: 1 1 420px; min-width: 320px; }
.cpor-claims .cpor-chart { position: relative; height: 260px; }
.cpor-claims table { margin-bottom: 6px; }
.cpor-claims td.num, .cpor-claims th.num { text-align: right; }
.cpor-claims .cpor-csv { margin-bottom: 12px; }
.cpor-claims form.cpor-search { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; margin-bottom: 12px; }
.cpor-claims form.cpor-search label { display: flex; flex-direction: column; font-weight: normal; margin: 0; }
.cpor-claims .cpor-error { color: #b5152b; }
.cpor-claims .cpor-findings { white-space: pre-wrap; background: #f6f6f6; padding: 8px; }
`;

function addStyle() {
  if (!document.getElementById('cpor-claims-style')) {
    const style = document.createElement('style');
    style.id = 'cpor-claims-style';
    style.textContent = STYLE;
    document.head.appendChild(style);
  }
}

let chartJs;
function loadChartJs() {
  if (!chartJs) {
    chartJs = new Promise((resolve, reject) => {
      if (window.Chart) {
        resolve(window.Chart);
        return;
      }
      const script = document.createElement('script');
      script.src = CHART_JS;
      script.onload = () => resolve(window.Chart);
      script.onerror = () => reject(new Error('Chart.js could not be loaded from ' + CHART_JS));
      document.head.appendChild(script);
    });
  }
  return chartJs;
}

async function get(path, params) {
  const query = new URLSearchParams();
  Object.entries(params || {}).forEach(([name, value]) => {
    if (value !== undefined && value !== null && String(value).trim() !== '') {
      query.set(name, String(value).trim());
    }
  });
  const url = API + path + (query.toString() ? '?' + query : '');
  const response = await fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const errors = (body.errors || []).map(e => e.field + ' ' + e.rule).join('; ');
    throw new Error(errors || body.detail || ('HTTP ' + response.status));
  }
  return body;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (name === 'onclick' || name === 'onsubmit' || name === 'onchange') {
      node[name] = value;
    } else if (value !== undefined && value !== null) {
      node.setAttribute(name, value);
    }
  });
  children.flat().forEach(child => {
    node.appendChild(child instanceof Node ? child : document.createTextNode(child == null ? '' : String(child)));
  });
  return node;
}

/** A table of rows (arrays of cells) with a "Download CSV" button that writes the same cells. */
function table(name, headers, rows, options) {
  const numeric = (options && options.numeric) || [];
  const thead = el('thead', {}, el('tr', {}, headers.map((h, i) => el('th', {class: numeric.includes(i) ? 'num' : ''}, h))));
  const tbody = el('tbody', {}, rows.map(row => el('tr', {}, row.map((cell, i) => {
    const td = el('td', {class: numeric.includes(i) ? 'num' : ''});
    if (cell instanceof Node) {
      td.appendChild(cell);
    } else {
      td.textContent = cell == null ? '' : String(cell);
    }
    return td;
  }))));
  const csv = el('button', {type: 'button', class: 'btn btn-default btn-sm cpor-csv', 'data-csv': name,
    onclick: () => download(name + '.csv', headers, rows)}, 'Download CSV');
  return el('div', {class: 'cpor-table', 'data-table': name},
    el('table', {class: 'table table-condensed table-striped cam-table'}, thead, tbody), csv);
}

function csvCell(value) {
  const text = value instanceof Node ? value.textContent : (value == null ? '' : String(value));
  return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function download(fileName, headers, rows) {
  const lines = [headers, ...rows].map(row => row.map(csvCell).join(','));
  const blob = new Blob([lines.join('\r\n') + '\r\n'], {type: 'text/csv;charset=utf-8'});
  const link = el('a', {href: URL.createObjectURL(blob), download: fileName});
  document.body.appendChild(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '–';
  }
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) {
    return days + ' d ' + hours + ' h';
  }
  if (hours > 0) {
    return hours + ' h ' + minutes + ' min';
  }
  return minutes > 0 ? minutes + ' min' : seconds + ' s';
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

function percent(share) {
  return share === null || share === undefined ? '–' : (Math.round(share * 1000) / 10) + ' %';
}

const charts = new WeakMap();
async function chart(canvasHolder, config) {
  try {
    const Chart = await loadChartJs();
    const canvas = el('canvas', {});
    canvasHolder.replaceChildren(canvas);
    const previous = charts.get(canvasHolder);
    if (previous) {
      previous.destroy();
    }
    charts.set(canvasHolder, new Chart(canvas, Object.assign({options: {}}, config, {
      options: Object.assign({responsive: true, maintainAspectRatio: false, animation: false}, config.options || {})
    })));
  } catch (e) {
    canvasHolder.replaceChildren(el('p', {class: 'cpor-error'}, e.message));
  }
}

function section(title, ...content) {
  return el('section', {class: 'cpor-section'}, el('h3', {}, title), ...content);
}

function failure(error) {
  return el('p', {class: 'cpor-error', role: 'alert'}, 'CPOR claims: ' + error.message);
}

// ---- the parts

function statusSection(summary) {
  const statuses = Object.keys(summary.byStatus);
  const rows = statuses.map(s => [STATUS_LABELS[s] || s, summary.byStatus[s]]);
  rows.push(['Total', summary.total]);
  const chartHolder = el('div', {class: 'cpor-chart'});
  chart(chartHolder, {
    type: 'bar',
    data: {labels: statuses.map(s => STATUS_LABELS[s] || s),
      datasets: [{label: 'Claims', data: statuses.map(s => summary.byStatus[s]), backgroundColor: '#3e7bc4'}]},
    options: {plugins: {legend: {display: false}}, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
  });
  const reasons = Object.entries(summary.rejectedByReason).filter(([, n]) => n > 0);
  return section('Claims by status now',
    el('div', {class: 'cpor-row'},
      el('div', {}, table('claims-by-status', ['Status', 'Claims'], rows, {numeric: [1]}),
        el('p', {'data-figure': 'overdue-reviews'}, 'Reviews overdue now: ', el('strong', {}, summary.overdueReviews)),
        el('p', {'data-figure': 'drafts'}, 'Drafts (neither in flight nor finished): ', el('strong', {}, summary.drafts))),
      chartHolder),
    el('h4', {}, 'Rejected claims by reason'),
    table('rejected-by-reason', ['Reason', 'Claims'], reasons, {numeric: [1]}),
    el('h4', {}, 'Associations ended'),
    table('associations-ended', ['Ended', 'Associations'],
      [...Object.entries(summary.associationsEndedBy).map(([by, n]) => [ENDED_BY_LABELS[by] || by, n]),
        ['Total', summary.associationsEnded]], {numeric: [1]}));
}

async function renderDashboard(node) {
  addStyle();
  const root = el('div', {class: 'cpor-claims', id: 'cpor-claims-dashboard'},
    el('h2', {class: 'section-title'}, 'CPOR claims'),
    el('p', {}, el('a', {href: '#/cpor-claims', class: 'cpor-open'}, 'Open CPOR claims analytics'),
      ': flow per day, stage durations and SLA, where claims wait, finished claims and their history.'));
  node.appendChild(root);
  try {
    root.appendChild(statusSection(await get('/summary')));
  } catch (e) {
    root.appendChild(failure(e));
  }
}

async function renderPage(node) {
  addStyle();
  const root = el('div', {class: 'cpor-claims cpor-page container-fluid', id: 'cpor-claims-page'},
    el('h1', {}, 'CPOR claims'));
  node.appendChild(root);
  const parts = {
    status: el('div', {}), flow: el('div', {}), stages: el('div', {}), waiting: el('div', {}),
    rejections: el('div', {}), finished: el('div', {})
  };
  Object.values(parts).forEach(part => root.appendChild(part));

  const period = el('select', {class: 'form-control input-sm', name: 'days', style: 'width: auto; display: inline-block',
    onchange: () => { loadFlow(); loadStages(); loadRejections(); }},
    el('option', {value: '30'}, 'last 30 days'), el('option', {value: '90'}, 'last 90 days'));

  async function load(part, build) {
    try {
      part.replaceChildren(await build());
    } catch (e) {
      part.replaceChildren(failure(e));
    }
  }

  const loadStatus = () => load(parts.status, async () => statusSection(await get('/summary')));

  const loadFlow = () => load(parts.flow, async () => {
    const flow = await get('/flow', {days: period.value});
    const reasons = [...new Set(flow.days.flatMap(d => Object.keys(d.rejectedByReason)))].sort();
    const chartHolder = el('div', {class: 'cpor-chart'});
    const series = [['submitted', 'Submitted', '#3e7bc4'], ['official', 'Official', '#2e8540'],
      ['rejected', 'Rejected', '#b5152b'], ['withdrawn', 'Withdrawn', '#888888'], ['disputed', 'Disputed', '#e09b1a'],
      ['associationsEnded', 'Associations ended', '#6f42c1'], ['corrected', 'Claims corrected', '#17a2b8']];
    chart(chartHolder, {
      type: 'line',
      data: {labels: flow.days.map(d => d.day),
        datasets: series.map(([key, label, color]) => ({label, data: flow.days.map(d => d[key]), borderColor: color,
          backgroundColor: color, tension: 0.2, pointRadius: 0}))},
      options: {scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
    });
    return section('Flow per day',
      el('p', {}, 'Period: ', period),
      chartHolder,
      el('details', {}, el('summary', {}, 'Figures per day'), table('flow-per-day', ['Day', 'Submitted', 'Official', 'Rejected', ...reasons.map(r => 'Rejected: ' + r), 'Withdrawn', 'Disputed',
        'Associations ended', 'Claims corrected'],
        flow.days.slice().reverse().map(d => [d.day, d.submitted, d.official, d.rejected,
          ...reasons.map(r => d.rejectedByReason[r] || 0), d.withdrawn, d.disputed, d.associationsEnded, d.corrected]),
        {numeric: [1, 2, 3, ...reasons.map((r, i) => 4 + i), 4 + reasons.length, 5 + reasons.length, 6 + reasons.length,
          7 + reasons.length]})));
  });

  const loadStages = () => load(parts.stages, async () => {
    const stages = await get('/stages', {days: period.value});
    const chartHolder = el('div', {class: 'cpor-chart'});
    chart(chartHolder, {
      type: 'bar',
      data: {labels: stages.stages.map(s => s.label),
        datasets: [
          {label: 'Median (hours)', data: stages.stages.map(s => s.medianSeconds === null ? null : s.medianSeconds / 3600), backgroundColor: '#3e7bc4'},
          {label: '90th percentile (hours)', data: stages.stages.map(s => s.p90Seconds === null ? null : s.p90Seconds / 3600), backgroundColor: '#e09b1a'}]},
      options: {scales: {y: {beginAtZero: true}}}
    });
    const sla = stages.sla;
    return section('Stage durations and the review SLA (' + stages.from + ' to ' + stages.to + ')',
      el('div', {class: 'cpor-row'},
        el('div', {},
          table('stage-durations', ['Stage', 'Ended', 'Median', '90th percentile'],
            stages.stages.map(s => [s.label, s.count, duration(s.medianSeconds), duration(s.p90Seconds)]), {numeric: [1, 2, 3]}),
          table('review-sla', ['Reviews decided', 'Within five business days', 'Share', 'Overdue now'],
            [[sla.reviewsDecided, sla.decidedWithinFiveBusinessDays, percent(sla.share), sla.overdueNow]], {numeric: [0, 1, 2, 3]})),
        chartHolder));
  });

  const loadWaiting = () => load(parts.waiting, async () => {
    const waiting = await get('/waiting');
    const chartHolder = el('div', {class: 'cpor-chart'});
    const colors = ['#2e8540', '#3e7bc4', '#e09b1a', '#b5152b'];
    chart(chartHolder, {
      type: 'bar',
      data: {labels: waiting.activities.map(a => a.activityName),
        datasets: waiting.ageBuckets.map((bucket, i) => ({label: bucket, data: waiting.activities.map(a => a.byAge[bucket]), backgroundColor: colors[i % colors.length]}))},
      options: {indexAxis: 'y', scales: {x: {stacked: true, beginAtZero: true, ticks: {precision: 0}}, y: {stacked: true}}}
    });
    return section('Where claims wait now',
      el('div', {class: 'cpor-row'},
        table('waiting-now', ['Activity', 'Claims', ...waiting.ageBuckets],
          waiting.activities.map(a => [a.activityName, a.total, ...waiting.ageBuckets.map(b => a.byAge[b])]),
          {numeric: [1, 2, 3, 4, 5]}),
        chartHolder));
  });

  const loadRejections = () => load(parts.rejections, async () => {
    const partners = await get('/rejections-by-partner', {days: period.value});
    return section('Partners with the most rejections',
      table('rejections-by-partner', ['Partner', 'Rejected', 'By reason'],
        partners.map(p => [partnerLabel(p), p.rejected, Object.entries(p.byReason).map(([r, n]) => r + ': ' + n).join(', ')]),
        {numeric: [1]}));
  });

  /** The organisation the claim recorded, with its partner ID: "Northwind Traders (1000001)". */
  function partnerLabel(item) {
    return item.partnerName ? item.partnerName + ' (' + item.partnerId + ')' : item.partnerId;
  }

  function finishedSection() {
    const field = (name, label, type) => el('label', {}, label,
      el('input', {class: 'form-control input-sm', name, type: type || 'text'}));
    const status = el('select', {class: 'form-control input-sm', name: 'status'},
      el('option', {value: ''}, 'Official or rejected'), el('option', {value: 'OFFICIAL'}, 'Official'),
      el('option', {value: 'REJECTED'}, 'Rejected'));
    const results = el('div', {class: 'cpor-finished-results'});
    const history = el('div', {class: 'cpor-history'});
    const form = el('form', {class: 'cpor-search', onsubmit: event => { event.preventDefault(); search(0); }},
      field('claimId', 'Claim ID'), field('partnerId', 'Partner ID'), field('tenant', 'Tenant ID or domain'),
      el('label', {}, 'Status', status), field('from', 'Finished from', 'date'), field('to', 'to', 'date'),
      el('button', {type: 'submit', class: 'btn btn-primary btn-sm'}, 'Search'));

    async function search(page) {
      const params = {page, size: 20, status: status.value};
      ['claimId', 'partnerId', 'tenant', 'from', 'to'].forEach(name => { params[name] = form.elements[name].value; });
      try {
        const found = await get('/finished', params);
        const pages = Math.max(1, Math.ceil(found.totalElements / found.size));
        results.replaceChildren(
          el('p', {'data-figure': 'finished-count'}, found.totalElements + ' finished claims'),
          table('finished-claims', ['Claim ID', 'Partner', 'Tenant ID', 'Domain', 'Status', 'Rejection reason', 'Submitted', 'Finished'],
            found.content.map(c => [
              el('a', {href: '', class: 'cpor-claim-link', 'data-claim': c.claimId,
                onclick: event => { event.preventDefault(); showHistory(c.claimId); }}, c.claimId),
              partnerLabel(c), c.customerTenantId, c.customerDomain, c.status, c.rejectionReason || '',
              when(c.submittedAt), when(c.finishedAt)])),
          el('p', {},
            el('button', {type: 'button', class: 'btn btn-default btn-sm', onclick: () => search(page - 1), ...(page > 0 ? {} : {disabled: 'disabled'})}, 'Previous'),
            ' Page ' + (page + 1) + ' of ' + pages + ' ',
            el('button', {type: 'button', class: 'btn btn-default btn-sm', onclick: () => search(page + 1), ...(page + 1 < pages ? {} : {disabled: 'disabled'})}, 'Next')));
      } catch (e) {
        results.replaceChildren(failure(e));
      }
    }

    async function showHistory(claimId) {
      try {
        const claim = await get('/' + encodeURIComponent(claimId) + '/history');
        history.replaceChildren(
          el('h4', {}, 'History of claim ' + claim.claimId),
          el('p', {}, 'Partner ' + partnerLabel(claim) + ', customer ' + (claim.customerDomain || '') + ' (' + (claim.customerTenantId || '') + '), ' +
            claim.status + (claim.rejectionReason ? ' (' + claim.rejectionReason + ')' : '')),
          el('p', {}, el('strong', {}, 'Findings of the automated checks (validators only):')),
          el('div', {class: 'cpor-findings'}, claim.checkFindings || 'none'),
          table('claim-' + claim.claimId + '-history', ['When', 'Who', 'What', 'Detail'],
            claim.history.map(h => [when(h.at), h.actor, h.type, h.detail])));
        history.scrollIntoView({block: 'start'});
      } catch (e) {
        history.replaceChildren(failure(e));
      }
    }

    parts.finished.replaceChildren(section('Finished claims', form, results, history));
    search(0);
  }

  loadStatus();
  loadFlow();
  loadStages();
  loadWaiting();
  loadRejections();
  finishedSection();
}

export default [
  {
    id: 'cpor-claims-dashboard',
    pluginPoint: 'cockpit.dashboard',
    priority: 5,
    render: node => { renderDashboard(node); }
  },
  {
    id: 'cpor-claims-page',
    pluginPoint: 'cockpit.route',
    properties: {path: '/cpor-claims', label: 'CPOR claims'},
    render: node => { renderPage(node); }
  },
  {
    id: 'cpor-claims-navigation',
    pluginPoint: 'cockpit.navigation',
    priority: 5,
    properties: {path: '/cpor-claims', pagePath: '#/cpor-claims', label: 'CPOR claims'},
    render: node => { node.appendChild(el('a', {href: '#/cpor-claims'}, 'CPOR claims')); }
  }
];
