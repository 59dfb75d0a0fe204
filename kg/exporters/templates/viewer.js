// kg viewer: draws the precomputed graph and adds search, filters, legend and details.
// Every text comes from the JSON data block and is shown with textContent, never as HTML.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const info = new Map(Object.entries(data.info));
  const edgeInfo = new Map(Object.entries(data.edgeInfo));
  const palettes = {
    kind: new Map(data.kinds.map((entry) => [entry.key, entry.color])),
    group: new Map(data.communities.map((entry) => [entry.key, entry.color])),
  };
  const state = { colourBy: "kind", focus: null, hidden: { kind: new Set(), group: new Set() } };

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const stage = document.getElementById("kg-network");
  const network = new vis.Network(stage, { nodes: nodes, edges: edges }, data.options);

  const byId = (id) => document.getElementById(id);

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined && text !== null) made.textContent = String(text);
    return made;
  }

  function swatch(colour) {
    const dot = element("span", "kg-swatch");
    dot.style.background = colour;
    return dot;
  }

  function kindLabel(kind) {
    const entry = data.kinds.find((k) => k.key === kind);
    return entry ? entry.label : kind;
  }

  function isHidden(id) {
    const node = info.get(id);
    return state.hidden.kind.has(node.kind) || state.hidden.group.has(node.group);
  }

  // ---- colours and legend -------------------------------------------------------------

  // with a node in focus, everything outside its neighbourhood fades and loses its label
  const FADED = "#e4e7eb";
  const NO_INK = "rgba(0,0,0,0)";

  function paint() {
    const palette = palettes[state.colourBy];
    const near = state.focus ? new Set([state.focus, ...network.getConnectedNodes(state.focus)]) : null;
    nodes.update(data.nodes.map((node) => {
      const faded = near !== null && !near.has(node.id);
      const colour = faded ? FADED : palette.get(info.get(node.id)[state.colourBy]) || "#9e9e9e";
      return {
        id: node.id,
        color: {
          background: colour, border: colour,
          highlight: { background: colour, border: "#1f2933" },
          hover: { background: colour, border: "#1f2933" },
        },
        font: faded ? { color: NO_INK, strokeColor: NO_INK } : { color: "#1f2933", strokeColor: "#ffffff" },
      };
    }));
    drawLegend();
  }

  function setFocus(id) {
    state.focus = id;
    paint();
    if (id) renderNode(id, details);
    else showHint();
  }

  function drawLegend() {
    const legend = byId("kg-legend");
    const entries = state.colourBy === "kind" ? data.kinds : data.communities;
    legend.replaceChildren(element("h2", "", state.colourBy === "kind" ? "Node types" : "Communities"));
    for (const entry of entries) {
      const row = element("div", "kg-entry");
      row.append(swatch(entry.color), element("span", "kg-label", entry.label), element("span", "kg-n", entry.count));
      legend.append(row);
    }
    legend.append(element("p", "", "Size: " + data.rankedBy + ". Dashed edge: inferred citation."));
  }

  // ---- filters --------------------------------------------------------------------------

  function drawFilter(containerId, dimension, entries) {
    const container = byId(containerId);
    for (const entry of entries) {
      const label = element("label", "kg-entry");
      const box = element("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = entry.key;
      box.dataset.dimension = dimension;
      box.addEventListener("change", () => {
        if (box.checked) state.hidden[dimension].delete(entry.key);
        else state.hidden[dimension].add(entry.key);
        applyFilters();
      });
      label.append(box, swatch(entry.color), element("span", "kg-label", entry.label), element("span", "kg-n", entry.count));
      container.append(label);
    }
  }

  function applyFilters() {
    let visible = 0;
    nodes.update(data.nodes.map((node) => {
      const hidden = isHidden(node.id);
      if (!hidden) visible += 1;
      return { id: node.id, hidden: hidden };
    }));
    byId("kg-count").textContent =
      visible.toLocaleString("en") + " of " + data.nodes.length.toLocaleString("en") + " nodes shown";
  }

  // ---- details: the hover tooltip and the pinned panel share one renderer --------------

  function renderNode(id, box) {
    const node = info.get(id);
    box.replaceChildren(element("div", "kg-kind", kindLabel(node.kind)), element("h3", "", node.title));
    if (node.date) box.append(element("div", "kg-date", node.date));
    if (node.facts.length) {
      const list = element("dl");
      for (const [name, value] of node.facts) list.append(element("dt", "", name), element("dd", "", value));
      box.append(list);
    }
    if (node.abstract) box.append(element("p", "kg-abstract", node.abstract));
    for (const quote of node.evidence) {
      const block = element("blockquote");
      block.append(element("span", "kg-rel", quote.rel.replace(/_/g, " ") + " · " + quote.other), quote.text);
      box.append(block);
    }
    if (node.links.length) {
      const list = element("ul");
      for (const url of node.links) {
        if (!/^https?:\/\//i.test(url)) continue;
        const link = element("a", "", url);
        link.href = url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        const item = element("li");
        item.append(link);
        list.append(item);
      }
      box.append(list);
    }
  }

  function renderEdge(id, box) {
    const edge = edgeInfo.get(id);
    const ends = edges.get(id);
    const from = info.get(ends.from);
    const to = info.get(ends.to);
    box.replaceChildren(
      element("div", "kg-kind", edge.rel.replace(/_/g, " ") + (edge.inferred ? " (inferred)" : "")),
      element("h3", "", from.title + " → " + to.title),
    );
    if (edge.evidence) box.append(element("blockquote", "", edge.evidence));
    const list = element("dl");
    if (edge.confidence !== null) list.append(element("dt", "", "confidence"), element("dd", "", edge.confidence));
    if (edge.source) list.append(element("dt", "", "source"), element("dd", "", edge.source));
    box.append(list);
  }

  const details = byId("kg-details");
  function showHint() {
    details.replaceChildren(element("p", "kg-hint", "Hover over a node or edge for its details; click a node to pin them here."));
  }

  const tooltip = byId("kg-tooltip");
  function showTooltip(render, id, pointer) {
    render(id, tooltip);
    tooltip.hidden = false;
    const room = stage.getBoundingClientRect();
    const left = Math.min(pointer.x + 14, room.width - tooltip.offsetWidth - 8);
    const top = Math.min(pointer.y + 14, room.height - tooltip.offsetHeight - 8);
    tooltip.style.left = Math.max(left, 8) + "px";
    tooltip.style.top = Math.max(top, 8) + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }

  network.on("hoverNode", (event) => showTooltip(renderNode, event.node, event.pointer.DOM));
  network.on("hoverEdge", (event) => showTooltip(renderEdge, event.edge, event.pointer.DOM));
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  network.on("selectNode", (event) => setFocus(event.nodes[0]));
  network.on("deselectNode", (event) => { if (event.nodes.length === 0) setFocus(null); });

  // ---- search ---------------------------------------------------------------------------

  const titles = byId("kg-labels");
  for (const node of data.nodes) {
    const option = element("option");
    option.value = info.get(node.id).title;
    titles.append(option);
  }

  // exact title first, then a title that starts with the query, then one that contains it;
  // among equals the most central node wins
  function findNode(query) {
    const wanted = query.trim().toLowerCase();
    if (!wanted) return null;
    let best = null;
    for (const node of data.nodes) {
      if (isHidden(node.id)) continue;
      const names = [info.get(node.id).title.toLowerCase(), String(node.label).toLowerCase()];
      let rank = 3;
      if (names.includes(wanted)) rank = 0;
      else if (names.some((name) => name.startsWith(wanted))) rank = 1;
      else if (names.some((name) => name.includes(wanted))) rank = 2;
      if (rank < 3 && (!best || rank < best.rank || (rank === best.rank && node.value > best.value))) {
        best = { id: node.id, rank: rank, value: node.value };
      }
    }
    return best && best.id;
  }

  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    setFocus(id);
  }

  byId("kg-search").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = byId("kg-query").value;
    const found = findNode(query);
    const status = byId("kg-search-status");
    if (found) {
      focusNode(found);
      status.textContent = "";
    } else {
      status.textContent = query.trim() ? "No shown node matches." : "";
    }
  });

  for (const radio of document.querySelectorAll("input[name=kg-colour]")) {
    radio.addEventListener("change", () => {
      state.colourBy = radio.value;
      paint();
    });
  }

  // ---- start ------------------------------------------------------------------------------

  if (data.nodes.length < data.total) {
    const note = byId("kg-limit-note");
    note.textContent = "Showing the " + data.nodes.length.toLocaleString("en") + " most central of " +
      data.total.toLocaleString("en") + " nodes (by " + data.rankedBy + "). " +
      "Export with a larger max_nodes to draw more.";
    note.hidden = false;
  }
  drawFilter("kg-kind-filter", "kind", data.kinds);
  drawFilter("kg-group-filter", "group", data.communities);
  applyFilters();
  setFocus(null);
  network.fit();

  // a handle for scripting the page and for its tests
  window.kgViewer = { network: network, nodes: nodes, edges: edges, find: findNode, focus: focusNode };
  document.body.dataset.ready = "true";
})();
