import { LitElement, css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { person, drift, moment } from '../cells.js';
import { ClockController } from '../clock.js';
import { describeMerge, shortSha } from '../format.js';
import { shared } from '../styles.js';

// The testing set, one row per PR, with what GitHub last said about each and what the next
// deploy changes. Selection lives with the page; this element only reports changes to it
// (`selection-change`), so a live update never drops what someone ticked.
export class TbPrTable extends LitElement {
  static properties = {
    rows: { attribute: false },
    deployed: { attribute: false },
    selected: { attribute: false },
    selectable: { type: Boolean },
    repoUrl: {},
  };

  static styles = [
    shared,
    css`
      :host {
        display: block;
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: 0.4rem 0.5rem;
        border-bottom: 1px solid var(--line);
      }
      td.pr {
        min-width: 15rem;
      }
      th {
        font-size: 0.85rem;
        white-space: nowrap;
      }
      td .tag {
        white-space: normal;
      }
      tr.selected td {
        background: #f1f6fe;
      }
      tr.gone td {
        color: var(--muted);
        font-style: italic;
      }
      .title {
        display: block;
        margin: 0.1rem 0 0.2rem;
        overflow-wrap: anywhere;
      }
      .tags {
        display: flex;
        flex-wrap: wrap;
        gap: 0.2rem;
      }
      .people {
        display: flex;
        flex-direction: column;
        gap: 0.2rem;
      }
      .person {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
        white-space: nowrap;
      }
      .avatar {
        position: relative;
        display: inline-grid;
        place-items: center;
        width: 20px;
        height: 20px;
        border-radius: 50%;
        background: #d0d7de;
        font-size: 0.7rem;
        font-weight: 600;
        overflow: hidden;
      }
      .avatar::before {
        content: attr(data-initial);
      }
      .avatar img {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
      }
      input[type='checkbox'] {
        width: 1.1rem;
        height: 1.1rem;
      }
      @media (max-width: 720px) {
        table,
        tbody,
        tr,
        td {
          display: block;
        }
        thead tr {
          display: flex;
          gap: 0.5rem;
          align-items: center;
        }
        thead th:not(:first-child) {
          display: none;
        }
        tr {
          border: 1px solid var(--line);
          border-radius: 8px;
          margin-bottom: 0.6rem;
          padding: 0.3rem 0;
        }
        td,
        td.pr {
          min-width: 0;
          border: none;
          padding: 0.2rem 0.6rem;
        }
        td[data-label]::before {
          content: attr(data-label) ': ';
          color: var(--muted);
          font-size: 0.85rem;
        }
      }
    `,
  ];

  constructor() {
    super();
    new ClockController(this);
  }

  updated() {
    // The benchmark measures navigation to this mark: the table drawn with the first data.
    if (!this.marked && this.rows?.length) {
      this.marked = true;
      performance.mark('tb-table-rendered');
    }
  }

  toggle(pr, on) {
    const selected = new Set(this.selected ?? []);
    if (on) selected.add(pr);
    else selected.delete(pr);
    this.report(selected);
  }

  toggleAll(on) {
    this.report(new Set(on ? this.rows.map((row) => row.pr) : []));
  }

  report(selected) {
    this.dispatchEvent(new CustomEvent('selection-change', { detail: { selected } }));
  }

  render() {
    const rows = this.rows ?? [];
    const selected = new Set(this.selected ?? []);
    const inSet = new Set(rows.map((row) => row.pr));
    const gone = (this.deployed ?? []).filter((entry) => !inSet.has(entry.pr));
    const all = rows.length > 0 && rows.every((row) => selected.has(row.pr));
    const some = rows.some((row) => selected.has(row.pr));
    return html`<table id="prs">
      <caption class="visually-hidden">
        PRs in the testing set
      </caption>
      <thead>
        <tr>
          <th scope="col">
            ${this.selectable
              ? html`<input
                  type="checkbox"
                  id="select-all"
                  aria-label="Select all PRs"
                  .checked=${all}
                  .indeterminate=${some && !all}
                  @change=${(e) => this.toggleAll(e.target.checked)}
                />`
              : html`<span class="visually-hidden">Selection</span>`}
          </th>
          <th scope="col">PR</th>
          <th scope="col">People</th>
          <th scope="col">Pinned commit</th>
          <th scope="col">Branch head</th>
          <th scope="col">Drift</th>
          <th scope="col">Enabled</th>
          <th scope="col">Added</th>
        </tr>
      </thead>
      <tbody>
        ${repeat(
          rows,
          (row) => row.pr,
          (row) => this.renderRow(row, selected.has(row.pr)),
        )}
        ${gone.map(
          (entry) => html`<tr class="gone" data-pr=${entry.pr}>
            <td></td>
            <td colspan="7">
              <a href="${this.repoUrl}/pull/${entry.pr}">#${entry.pr}</a>
              <span class="title">${entry.title}</span>
              <span class="tag warn">removed, still deployed until the next deploy</span>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  renderRow(row, isSelected) {
    const commit = (sha) => html`<a href="${this.repoUrl}/commit/${sha}"
      ><code>${shortSha(sha)}</code></a
    >`;
    return html`<tr class=${isSelected ? 'selected' : ''} data-pr=${row.pr}>
      <td>
        ${this.selectable
          ? html`<input
              type="checkbox"
              aria-label="Select #${row.pr}"
              .checked=${isSelected}
              @change=${(e) => this.toggle(row.pr, e.target.checked)}
            />`
          : ''}
      </td>
      <td data-label="PR" class="pr">
        <a href=${row.url}>#${row.pr}</a>
        <span class="title">${row.title}</span>
        <span class="tags">${this.renderTags(row)}</span>
      </td>
      <td data-label="People">
        <span class="people">
          <span>by ${person(row.author, row.author_avatar)}</span>
          ${row.assignee
            ? html`<span>assigned to ${person(row.assignee, row.assignee_avatar)}</span>`
            : html`<span class="muted">unassigned</span>`}
        </span>
      </td>
      <td data-label="Pinned commit" class="pin">
        ${commit(row.pin)}
        ${row.staged_pin
          ? html`<span class="tag busy">→ ${shortSha(row.staged_pin)} at the next deploy</span>`
          : ''}
      </td>
      <td data-label="Branch head" class="head">
        ${row.head ? commit(row.head) : html`<span class="muted">unknown</span>`}
      </td>
      <td data-label="Drift" class="drift">
        ${drift(row.drift, row.stale)}
      </td>
      <td data-label="Enabled" class="enabled">${this.renderEnabled(row)}</td>
      <td data-label="Added">
        ${moment(row.added_at)}
        ${row.added_by ? html`by ${row.added_by}` : ''}
      </td>
    </tr>`;
  }

  renderEnabled(row) {
    const now = row.active ? 'enabled' : 'disabled';
    if (row.staged_active === null || row.staged_active === undefined) {
      return html`<span class="tag ${row.active ? 'good' : 'unknown'}">${now}</span>`;
    }
    const next = row.staged_active ? 'enabled' : 'disabled';
    return html`<span class="tag busy">${now} → ${next} at the next deploy</span>`;
  }

  renderTags(row) {
    const tags = [];
    if (row.github_state === 'merged') tags.push(['warn', 'merged']);
    if (row.github_state === 'closed') tags.push(['bad', 'closed']);
    if (!row.github_state) tags.push(['unknown', 'state unknown']);
    if (row.last_build === 'conflict' || row.last_build === 'fetch_failed') {
      tags.push(['bad', `${describeMerge(row.last_build)} in the last build`]);
    }
    const willBeActive = row.staged_active ?? row.active;
    if (!row.deployed && willBeActive) tags.push(['busy', 'new since the last deploy']);
    return tags.map(([tone, text]) => html`<span class="tag ${tone}">${text}</span>`);
  }
}
customElements.define('tb-pr-table', TbPrTable);
