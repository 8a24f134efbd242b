// The State profile page, /state/{CODE}?lang=XX: the State's NMIRF(s) and network role, its
// recommendations' facets as charts, its follow-up actions, practices of peers to learn from,
// its own practices and sources. Printable (state.css, @media print). Talks to /graphql only.
(function () {
  'use strict';
  const LANGS = ['EN', 'FR', 'ES', 'AR', 'ZH', 'RU'];
  // The page's own words. Facet labels that the API gives only in English (mechanism names)
  // stay in English.
  const T = {
    EN: { explorer: 'Graph explorer', playground: 'Playground', language: 'Language', print: 'Print', nmirfs: 'National mechanism (NMIRF)',
      recommendations: 'Recommendations received', byTheme: 'By theme', byRecommendingState: 'By recommending State', byMechanism: 'By mechanism',
      byPosition: "By the State's position", byYear: 'By year', followUp: 'Follow-up actions', peers: 'Practices of peers to learn from',
      ownPractices: 'Good practices shared', sources: 'Sources', printedFrom: 'From the NMIRF Knowledge Hub', total: '{n} recommendations in the hub',
      noNmirf: 'The hub knows no NMIRF of this State yet.', none: 'None recorded.', noData: 'No data.', role: 'Network role', notMember: 'not listed as a member of the International Network of NMIRFs',
      type: 'Type', established: 'Established', legalBasis: 'Legal basis', mandate: 'Mandate', tool: 'Tracking tool', website: 'Web site',
      action: 'Action', status: 'Status', due: 'Due', lead: 'Lead', recommendation: 'Recommendation', practice: 'Practice', why: 'Why', state: 'State',
      unknown: 'Unknown State code', member: 'UN member State', observer: 'UN observer State', count: 'Recommendations',
      IN_PREPARATION: 'in preparation', IN_PROGRESS: 'in progress', COMPLETED: 'completed',
      SUPPORTED: 'supported', NOTED: 'noted', PARTIALLY_SUPPORTED: 'partially supported', PENDING: 'pending',
      MEMBER: 'member', EXECUTIVE_COMMITTEE: 'Executive Committee', EXECUTIVE_COMMITTEE_COORDINATOR: 'Executive Committee coordinator' },
    FR: { explorer: 'Explorateur du graphe', playground: 'Console GraphQL', language: 'Langue', print: 'Imprimer', nmirfs: 'Mécanisme national (MNMES)',
      recommendations: 'Recommandations reçues', byTheme: 'Par thème', byRecommendingState: 'Par État recommandant', byMechanism: 'Par mécanisme',
      byPosition: "Selon la position de l'État", byYear: 'Par année', followUp: 'Actions de suivi', peers: 'Pratiques de pairs dont s’inspirer',
      ownPractices: 'Bonnes pratiques partagées', sources: 'Sources', printedFrom: 'Extrait du Knowledge Hub des MNMES', total: '{n} recommandations dans le hub',
      noNmirf: 'Le hub ne connaît pas encore de mécanisme national de cet État.', none: 'Aucune enregistrée.', noData: 'Pas de données.', role: 'Rôle dans le réseau', notMember: 'pas inscrit comme membre du Réseau international des MNMES',
      type: 'Type', established: 'Créé en', legalBasis: 'Base juridique', mandate: 'Mandat', tool: 'Outil de suivi', website: 'Site web',
      action: 'Action', status: 'État', due: 'Échéance', lead: 'Chef de file', recommendation: 'Recommandation', practice: 'Pratique', why: 'Pourquoi', state: 'État',
      unknown: 'Code d’État inconnu', member: 'État Membre de l’ONU', observer: 'État observateur', count: 'Recommandations',
      IN_PREPARATION: 'en préparation', IN_PROGRESS: 'en cours', COMPLETED: 'achevée',
      SUPPORTED: 'acceptée', NOTED: 'notée', PARTIALLY_SUPPORTED: 'acceptée en partie', PENDING: 'en attente',
      MEMBER: 'membre', EXECUTIVE_COMMITTEE: 'Comité exécutif', EXECUTIVE_COMMITTEE_COORDINATOR: 'coordinateur du Comité exécutif' },
    ES: { explorer: 'Explorador del grafo', playground: 'Consola GraphQL', language: 'Idioma', print: 'Imprimir', nmirfs: 'Mecanismo nacional (MNIIS)',
      recommendations: 'Recomendaciones recibidas', byTheme: 'Por tema', byRecommendingState: 'Por Estado recomendante', byMechanism: 'Por mecanismo',
      byPosition: 'Según la posición del Estado', byYear: 'Por año', followUp: 'Acciones de seguimiento', peers: 'Prácticas de pares de las que aprender',
      ownPractices: 'Buenas prácticas compartidas', sources: 'Fuentes', printedFrom: 'Del Knowledge Hub de los MNIIS', total: '{n} recomendaciones en el hub',
      noNmirf: 'El hub aún no conoce ningún mecanismo nacional de este Estado.', none: 'Ninguna registrada.', noData: 'Sin datos.', role: 'Papel en la red', notMember: 'no figura como miembro de la Red Internacional de MNIIS',
      type: 'Tipo', established: 'Creado en', legalBasis: 'Base jurídica', mandate: 'Mandato', tool: 'Herramienta de seguimiento', website: 'Sitio web',
      action: 'Acción', status: 'Estado', due: 'Plazo', lead: 'Responsable', recommendation: 'Recomendación', practice: 'Práctica', why: 'Por qué', state: 'Estado',
      unknown: 'Código de Estado desconocido', member: 'Estado Miembro de la ONU', observer: 'Estado observador', count: 'Recomendaciones',
      IN_PREPARATION: 'en preparación', IN_PROGRESS: 'en curso', COMPLETED: 'completada',
      SUPPORTED: 'aceptada', NOTED: 'anotada', PARTIALLY_SUPPORTED: 'aceptada en parte', PENDING: 'pendiente',
      MEMBER: 'miembro', EXECUTIVE_COMMITTEE: 'Comité Ejecutivo', EXECUTIVE_COMMITTEE_COORDINATOR: 'coordinador del Comité Ejecutivo' },
    AR: { explorer: 'مستكشف الشبكة', playground: 'واجهة GraphQL', language: 'اللغة', print: 'طباعة', nmirfs: 'الآلية الوطنية للتنفيذ والإبلاغ والمتابعة',
      recommendations: 'التوصيات الواردة', byTheme: 'حسب الموضوع', byRecommendingState: 'حسب الدولة الموصية', byMechanism: 'حسب الآلية',
      byPosition: 'حسب موقف الدولة', byYear: 'حسب السنة', followUp: 'إجراءات المتابعة', peers: 'ممارسات النظراء للاستفادة منها',
      ownPractices: 'الممارسات الجيدة المتقاسمة', sources: 'المصادر', printedFrom: 'من مركز المعارف للآليات الوطنية', total: '{n} توصية في المركز',
      noNmirf: 'لا يعرف المركز بعد آلية وطنية لهذه الدولة.', none: 'لا شيء مسجل.', noData: 'لا توجد بيانات.', role: 'الدور في الشبكة', notMember: 'غير مدرجة كعضو في الشبكة الدولية',
      type: 'النوع', established: 'سنة الإنشاء', legalBasis: 'الأساس القانوني', mandate: 'الولاية', tool: 'أداة التتبع', website: 'الموقع',
      action: 'الإجراء', status: 'الحالة', due: 'الموعد', lead: 'الجهة الرائدة', recommendation: 'التوصية', practice: 'الممارسة', why: 'السبب', state: 'الدولة',
      unknown: 'رمز دولة غير معروف', member: 'دولة عضو في الأمم المتحدة', observer: 'دولة مراقبة', count: 'التوصيات',
      IN_PREPARATION: 'قيد الإعداد', IN_PROGRESS: 'قيد التنفيذ', COMPLETED: 'منجز',
      SUPPORTED: 'مقبولة', NOTED: 'أحيط بها علما', PARTIALLY_SUPPORTED: 'مقبولة جزئيا', PENDING: 'معلقة',
      MEMBER: 'عضو', EXECUTIVE_COMMITTEE: 'اللجنة التنفيذية', EXECUTIVE_COMMITTEE_COORDINATOR: 'منسق اللجنة التنفيذية' },
    ZH: { explorer: '图谱浏览', playground: 'GraphQL 控制台', language: '语言', print: '打印', nmirfs: '国家执行、报告和后续行动机制',
      recommendations: '收到的建议', byTheme: '按主题', byRecommendingState: '按提出建议的国家', byMechanism: '按机制',
      byPosition: '按国家立场', byYear: '按年份', followUp: '后续行动', peers: '可借鉴的同行做法',
      ownPractices: '分享的良好做法', sources: '来源', printedFrom: '来自国家机制知识中心', total: '知识中心收录 {n} 条建议',
      noNmirf: '知识中心尚无该国的国家机制信息。', none: '暂无记录。', noData: '无数据。', role: '在网络中的角色', notMember: '未列为国际网络成员',
      type: '类型', established: '成立年份', legalBasis: '法律依据', mandate: '任务', tool: '跟踪工具', website: '网站',
      action: '行动', status: '状态', due: '截止日期', lead: '牵头机构', recommendation: '建议', practice: '做法', why: '原因', state: '国家',
      unknown: '未知的国家代码', member: '联合国会员国', observer: '观察员国', count: '建议',
      IN_PREPARATION: '筹备中', IN_PROGRESS: '进行中', COMPLETED: '已完成',
      SUPPORTED: '支持', NOTED: '注意到', PARTIALLY_SUPPORTED: '部分支持', PENDING: '待定',
      MEMBER: '成员', EXECUTIVE_COMMITTEE: '执行委员会', EXECUTIVE_COMMITTEE_COORDINATOR: '执行委员会协调员' },
    RU: { explorer: 'Обозреватель графа', playground: 'Консоль GraphQL', language: 'Язык', print: 'Печать', nmirfs: 'Национальный механизм (НМОДП)',
      recommendations: 'Полученные рекомендации', byTheme: 'По темам', byRecommendingState: 'По рекомендующим государствам', byMechanism: 'По механизмам',
      byPosition: 'По позиции государства', byYear: 'По годам', followUp: 'Последующие действия', peers: 'Практики коллег, которые можно перенять',
      ownPractices: 'Передовая практика', sources: 'Источники', printedFrom: 'Из базы знаний НМОДП', total: '{n} рекомендаций в базе',
      noNmirf: 'База пока не знает национального механизма этого государства.', none: 'Нет записей.', noData: 'Нет данных.', role: 'Роль в сети', notMember: 'не числится членом Международной сети',
      type: 'Тип', established: 'Создан', legalBasis: 'Правовая основа', mandate: 'Мандат', tool: 'Инструмент отслеживания', website: 'Сайт',
      action: 'Действие', status: 'Статус', due: 'Срок', lead: 'Ответственный', recommendation: 'Рекомендация', practice: 'Практика', why: 'Почему', state: 'Государство',
      unknown: 'Неизвестный код государства', member: 'Государство — член ООН', observer: 'Государство-наблюдатель', count: 'Рекомендации',
      IN_PREPARATION: 'в подготовке', IN_PROGRESS: 'выполняется', COMPLETED: 'завершено',
      SUPPORTED: 'поддержана', NOTED: 'принята к сведению', PARTIALLY_SUPPORTED: 'поддержана частично', PENDING: 'без позиции',
      MEMBER: 'член', EXECUTIVE_COMMITTEE: 'Исполнительный комитет', EXECUTIVE_COMMITTEE_COORDINATOR: 'координатор Исполнительного комитета' },
  };

  const code = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] || '').toUpperCase();
  const params = new URLSearchParams(location.search);
  let lang = LANGS.includes((params.get('lang') || '').toUpperCase()) ? params.get('lang').toUpperCase() : 'EN';
  const t = (k) => (T[lang] && T[lang][k]) || T.EN[k] || k;
  const charts = [];
  window.__statePage = { charts, ready: false };

  const gql = window.hubGql; // ui/shared/gql.js

  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) e.setAttribute(k, v);
    for (const k of kids) if (k != null && k !== false) e.append(k);
    return e;
  };
  const body = (id) => document.querySelector(`#${id} .body`);

  const QUERY = `query StateProfile($code: String!, $lang: Language) {
  state(code: $code) {
    id code name(lang: $lang) unMember unRegionalGroup
    nmirfs {
      id name acronym type establishedYear legalBasis mandate trackingTool website
      networkMemberships { role since }
      followUpActions { id title status dueDate leadInstitution { name } recommendation { paragraph } }
    }
    goodPractices { id title(lang: $lang) periodStart }
    peerPractices(first: 8) { score reason practice { id title(lang: $lang) state { code name(lang: $lang) } } }
    sources { title url publisher }
  }
  recommendationFacets(filter: {stateCodes: [$code]}) {
    total
    byTheme { key label count }
    byMechanism { key label count }
    byPosition { key count }
    byYear { key count }
    byRecommendingState { key label count }
  }
}`;

  // Names in the chosen language for the facets keyed by global ID (themes) or ISO code
  // (States): the facets' labels are in English only.
  async function localNames(themeKeys, stateKeys) {
    if (lang === 'EN') return {};
    const out = {};
    const aliases = stateKeys.slice(0, 12).map((c, i) => `s${i}: state(code: ${JSON.stringify(c)}) { code name(lang: $lang) }`).join('\n');
    const d = await gql(`query($ids: [ID!]!, $lang: Language) { nodes(ids: $ids) { id ... on Theme { name(lang: $lang) } } ${aliases} }`,
      { ids: themeKeys.slice(0, 100), lang });
    for (const n of d.nodes || []) if (n && n.name) out[n.id] = n.name;
    for (const [k, v] of Object.entries(d)) if (k !== 'nodes' && v) out[v.code] = v.name;
    return out;
  }

  const PALETTE = ['#0b3d91', '#e8590c', '#2f9e44', '#862e9c', '#1098ad', '#f5b800', '#a61e4d', '#5f3dc4', '#868e96', '#94d82d'];

  function chart(id, type, counts, names, opts = {}) {
    const canvas = document.getElementById(id);
    const holder = canvas.parentElement;
    holder.querySelector('.empty')?.remove();
    if (!counts.length) { canvas.hidden = true; holder.style.height = 'auto'; holder.append(el('p', { class: 'empty' }, t('noData'))); return; }
    canvas.hidden = false;
    holder.style.height = '';
    const top = counts.slice(0, opts.limit || 12);
    const labels = top.map((c) => names[c.key] || c.label || t(c.key) || c.key);
    const horizontal = type === 'hbar';
    const round = type === 'doughnut';
    const c = new Chart(canvas, {
      type: horizontal ? 'bar' : type,
      data: { labels, datasets: [{ label: t('count'), data: top.map((c) => c.count),
        backgroundColor: round ? top.map((_, i) => PALETTE[i % PALETTE.length]) : PALETTE[opts.colour || 0] }] },
      options: {
        indexAxis: horizontal ? 'y' : 'x', responsive: true, maintainAspectRatio: false, animation: false,
        locale: lang.toLowerCase(),
        plugins: { legend: { display: round, position: lang === 'AR' ? 'left' : 'right', rtl: lang === 'AR' } },
        scales: round ? {} : {
          x: { ticks: { precision: 0 }, reverse: horizontal && lang === 'AR' },
          y: { ticks: { precision: 0, autoSkip: false, callback(v) { const l = this.getLabelForValue(v); return horizontal && l.length > 34 ? l.slice(0, 33) + '…' : l; } },
            position: horizontal && lang === 'AR' ? 'right' : 'left' },
        },
      },
    });
    charts.push(c);
  }

  function table(headers, rows) {
    return el('table', null, el('thead', null, el('tr', null, ...headers.map((h) => el('th', null, h)))),
      el('tbody', null, ...rows.map((r) => el('tr', null, ...r.map((c) => el('td', null, c))))));
  }

  function render(d, names) {
    const s = d.state;
    document.title = `${s.name} — NMIRF Knowledge Hub`;
    document.getElementById('title').textContent = `${s.name} (${s.code})`;
    const region = s.unRegionalGroup ? ' · ' + s.unRegionalGroup.toLowerCase().replace(/_/g, ' ') : '';
    document.getElementById('subtitle').textContent = (s.unMember ? t('member') : t('observer')) + region;
    document.getElementById('to-explorer').href = `/explore?node=${encodeURIComponent(s.id)}&lang=${lang}`;
    const pq = new URLSearchParams();
    pq.set('query', QUERY);
    pq.set('variables', JSON.stringify({ code: s.code, lang }));
    document.getElementById('to-playground').href = '/?' + pq.toString();

    // NMIRFs and their role in the network.
    const nm = body('nmirf');
    nm.replaceChildren();
    if (!s.nmirfs.length) nm.append(el('p', { class: 'empty' }, t('noNmirf')));
    for (const n of s.nmirfs) {
      const roles = n.networkMemberships.map((m) => el('span', { class: 'role' }, t(m.role) + (m.since ? ` (${m.since.slice(0, 4)})` : '')));
      const facts = [['type', n.type && n.type.toLowerCase().replace(/_/g, ' ')], ['established', n.establishedYear], ['legalBasis', n.legalBasis],
        ['mandate', n.mandate], ['tool', n.trackingTool], ['website', n.website && el('a', { href: n.website }, n.website)]].filter(([, v]) => v);
      nm.append(el('div', { class: 'nmirf' },
        el('h3', null, n.name + (n.acronym ? ` (${n.acronym})` : ''), ...roles),
        roles.length ? null : el('p', { class: 'muted' }, `${t('role')}: ${t('notMember')}`),
        facts.length ? el('dl', null, ...facts.flatMap(([k, v]) => [el('dt', null, t(k)), el('dd', null, v)])) : null));
    }

    // Recommendations' facets.
    const f = d.recommendationFacets;
    document.querySelector('#recs .total').textContent = t('total').replace('{n}', f.total.toLocaleString(lang.toLowerCase()));
    charts.splice(0).forEach((c) => c.destroy());
    chart('c-theme', 'hbar', f.byTheme, names, { colour: 2 });
    chart('c-recstate', 'hbar', f.byRecommendingState, names, { colour: 0, limit: 15 });
    chart('c-mechanism', 'doughnut', f.byMechanism, {});
    chart('c-position', 'doughnut', f.byPosition, {});
    chart('c-year', 'bar', [...f.byYear].sort((a, b) => a.key.localeCompare(b.key)), {}, { colour: 3, limit: 40 });

    // Follow-up actions: counts by status, then the list.
    const fu = body('followup');
    fu.replaceChildren();
    const actions = s.nmirfs.flatMap((n) => n.followUpActions);
    if (!actions.length) fu.append(el('p', { class: 'empty' }, t('none')));
    else {
      const by = {};
      for (const a of actions) by[a.status] = (by[a.status] || 0) + 1;
      fu.append(el('p', null, ...['IN_PREPARATION', 'IN_PROGRESS', 'COMPLETED'].filter((k) => by[k]).flatMap((k) => [el('span', { class: `status ${k}` }, `${t(k)}: ${by[k]}`), ' '])));
      fu.append(table([t('action'), t('status'), t('due'), t('lead'), t('recommendation')], actions.map((a) => [
        a.title, el('span', { class: `status ${a.status}` }, t(a.status)), a.dueDate || '', a.leadInstitution ? a.leadInstitution.name : '',
        a.recommendation && a.recommendation.paragraph ? a.recommendation.paragraph : ''])));
    }

    // Peer practices, own practices, sources.
    const pp = body('peers');
    pp.replaceChildren();
    if (!s.peerPractices.length) pp.append(el('p', { class: 'empty' }, t('none')));
    else pp.append(table([t('practice'), t('state'), t('why')], s.peerPractices.map((p) => [
      p.practice.title, el('a', { href: `/state/${p.practice.state.code}?lang=${lang}` }, p.practice.state.name), p.reason])));
    const own = body('practices');
    own.replaceChildren(s.goodPractices.length
      ? el('ul', null, ...s.goodPractices.map((p) => el('li', null, el('a', { href: `/explore?node=${encodeURIComponent(p.id)}&lang=${lang}` }, p.title), p.periodStart ? ` (${p.periodStart})` : '')))
      : el('p', { class: 'empty' }, t('none')));
    const src = body('sources');
    src.replaceChildren(s.sources.length
      ? el('ul', null, ...s.sources.map((x) => el('li', null, x.url ? el('a', { href: x.url }, x.title) : x.title, x.publisher ? ` — ${x.publisher}` : '')))
      : el('p', { class: 'empty' }, t('none')));
  }

  function applyLanguage() {
    document.documentElement.lang = lang.toLowerCase();
    document.documentElement.dir = lang === 'AR' ? 'rtl' : 'ltr';
    document.getElementById('lang').value = lang;
    for (const e of document.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t);
    document.getElementById('stamp').textContent = `${location.origin}/state/${code}?lang=${lang} · ${new Date().toISOString().slice(0, 10)}`;
  }

  async function load() {
    window.__statePage.ready = false;
    applyLanguage();
    const err = document.getElementById('error');
    err.hidden = true;
    try {
      const d = await gql(QUERY, { code, lang });
      if (!d.state) throw new Error(`${t('unknown')}: ${code}`);
      const f = d.recommendationFacets;
      const names = await localNames(f.byTheme.map((c) => c.key), f.byRecommendingState.map((c) => c.key)).catch(() => ({}));
      render(d, names);
    } catch (e) {
      err.textContent = String(e.message || e);
      err.hidden = false;
    }
    window.__statePage.ready = true;
  }

  document.getElementById('lang').addEventListener('change', (ev) => {
    lang = ev.target.value;
    const p = new URLSearchParams(location.search);
    p.set('lang', lang);
    history.replaceState(null, '', location.pathname + '?' + p.toString());
    load();
  });
  document.getElementById('print').addEventListener('click', () => window.print());
  // Charts redraw at the paper's width.
  window.addEventListener('beforeprint', () => charts.forEach((c) => c.resize()));
  window.addEventListener('afterprint', () => charts.forEach((c) => c.resize()));
  load();
})();
