// The to-do page: plain DOM code talking to the JSON API. Every change goes
// to the server first and the page shows what the server answered, so a
// reload always shows the same state.
"use strict";

const list = document.getElementById("list");
const empty = document.getElementById("empty");
const summary = document.getElementById("summary");
const statusLine = document.getElementById("status");
const addForm = document.getElementById("add-form");
const newTitle = document.getElementById("new-title");
const addError = document.getElementById("add-error");
const template = document.getElementById("item-template");
const loading = document.getElementById("loading");

// api sends one request and returns {ok, status, body}; body is the parsed
// JSON answer, or null for 204 and non-JSON answers. A network failure
// comes back as status 0 so callers handle every outcome in one place.
async function api(method, path, payload, headers) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (payload !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(payload);
  }
  let resp;
  try {
    resp = await fetch(path, init);
  } catch (err) {
    return { ok: false, status: 0, body: { error: "the server cannot be reached" } };
  }
  // Read the body to its end even when it is not used, so that the
  // request completes instead of being cancelled with the response.
  const text = await resp.text().catch(() => "");
  let body = null;
  if ((resp.headers.get("Content-Type") || "").startsWith("application/json")) {
    try {
      body = JSON.parse(text);
    } catch (err) {
      body = null;
    }
  }
  return { ok: resp.ok, status: resp.status, body };
}

// messageFor turns an error answer into a sentence. A 422 carries
// {"error": "invalid fields", "fields": {"title": "must be ..."}}: the
// message for field comes first, then those for any other fields. Other
// errors carry {"error": "..."}.
function messageFor(res, field) {
  const b = res.body || {};
  if (b.fields && typeof b.fields === "object") {
    const names = Object.keys(b.fields).sort((x, y) => (y === field) - (x === field));
    if (names.length) {
      return names.map((n) => label(n) + " " + b.fields[n]).join("; ");
    }
  }
  if (b.error) return String(b.error);
  return "request failed with status " + res.status;
}

function label(name) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function show(el, message) {
  el.textContent = message;
  el.hidden = false;
}

function hide(el) {
  el.textContent = "";
  el.hidden = true;
}

function updateSummary() {
  const items = list.querySelectorAll(".item");
  const done = list.querySelectorAll(".item.done").length;
  empty.hidden = items.length > 0;
  summary.textContent = items.length ? done + " of " + items.length + " done" : "";
}

// render builds or refreshes the list item for todo.
function render(todo) {
  let li = list.querySelector('.item[data-id="' + CSS.escape(String(todo.id)) + '"]');
  if (!li) {
    li = template.content.firstElementChild.cloneNode(true);
    li.dataset.id = todo.id;
    wire(li);
    list.appendChild(li);
  }
  li.dataset.version = todo.version;
  li.classList.toggle("done", !!todo.done);
  li.querySelector(".toggle").checked = !!todo.done;
  li.querySelector(".title").textContent = todo.title;
  return li;
}

// ifMatch makes a write apply only to the version the page shows: if the
// to-do changed elsewhere meanwhile, the server answers 412 with the
// current version instead of overwriting it (RFC 9110 §13.1.1).
function ifMatch(li) {
  return { "If-Match": '"' + li.dataset.version + '"' };
}

const conflictMessage = "Changed elsewhere meanwhile: this is the current version, and your change was not saved.";

// wire attaches the item's controls to the API.
function wire(li) {
  const toggle = li.querySelector(".toggle");
  const title = li.querySelector(".title");
  const input = li.querySelector(".edit-input");
  const editButton = li.querySelector(".edit");
  const error = li.querySelector(".item-error");
  const path = () => "/todos/" + encodeURIComponent(li.dataset.id);

  toggle.addEventListener("change", async () => {
    hide(error);
    const res = await api("PATCH", path(), { done: toggle.checked }, ifMatch(li));
    if (res.ok && res.body) {
      render(res.body);
    } else if (res.status === 412 && res.body && res.body.todo) {
      render(res.body.todo);
      show(error, conflictMessage);
    } else {
      toggle.checked = !toggle.checked;
      show(error, messageFor(res, "done"));
    }
    updateSummary();
  });

  const startEdit = () => {
    input.value = title.textContent;
    title.hidden = true;
    editButton.hidden = true;
    input.hidden = false;
    input.focus();
    input.select();
  };
  const stopEdit = () => {
    input.hidden = true;
    input.removeAttribute("aria-invalid");
    title.hidden = false;
    editButton.hidden = false;
    hide(error);
  };
  let saving = false;
  const save = async () => {
    if (saving || input.hidden) return;
    if (input.value === title.textContent) {
      stopEdit();
      return;
    }
    saving = true;
    const res = await api("PATCH", path(), { title: input.value }, ifMatch(li));
    saving = false;
    if (res.ok && res.body) {
      render(res.body);
      stopEdit();
    } else if (res.status === 412 && res.body && res.body.todo) {
      render(res.body.todo);
      stopEdit();
      show(error, conflictMessage);
    } else {
      // Stay in edit mode so the title can be corrected.
      input.setAttribute("aria-invalid", "true");
      show(error, messageFor(res, "title"));
    }
  };

  title.addEventListener("dblclick", startEdit);
  editButton.addEventListener("click", startEdit);
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      save();
    } else if (ev.key === "Escape") {
      stopEdit();
    }
  });
  input.addEventListener("blur", () => {
    if (!error.hidden) return; // keep the invalid value and its message
    save();
  });

  li.querySelector(".delete").addEventListener("click", async () => {
    hide(error);
    const res = await api("DELETE", path(), undefined, ifMatch(li));
    if (res.ok || res.status === 404) {
      li.remove();
    } else if (res.status === 412 && res.body && res.body.todo) {
      render(res.body.todo);
      show(error, conflictMessage);
    } else {
      show(error, messageFor(res, "id"));
    }
    updateSummary();
  });
}

addForm.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  hide(addError);
  newTitle.removeAttribute("aria-invalid");
  const res = await api("POST", "/todos", { title: newTitle.value, done: false });
  if (res.ok && res.body) {
    render(res.body);
    newTitle.value = "";
    updateSummary();
  } else {
    newTitle.setAttribute("aria-invalid", "true");
    show(addError, messageFor(res, "title"));
  }
  newTitle.focus();
});

// load fetches the list and shows it. Until the answer comes, the list is
// marked busy and "Loading to-dos…" shows, so that an empty list is not
// mistaken for no to-dos.
async function load() {
  loading.hidden = false;
  list.setAttribute("aria-busy", "true");
  const res = await api("GET", "/todos");
  loading.hidden = true;
  list.setAttribute("aria-busy", "false");
  if (!res.ok) {
    show(statusLine, messageFor(res, ""));
    return;
  }
  hide(statusLine);
  const todos = (res.body && res.body.todos) || [];
  list.replaceChildren();
  todos.forEach(render);
  updateSummary();
  if (res.body && res.body.total > todos.length) {
    summary.textContent += " (showing the first " + todos.length + " of " + res.body.total + ")";
  }
  document.body.dataset.loaded = "true";
}

load();
