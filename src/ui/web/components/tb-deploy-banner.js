import { LitElement, css, html } from 'lit';
import { buildTone, describeBuild, plural } from '../format.js';
import { shared } from '../styles.js';

const STAGE_TONES = {
  success: 'good',
  in_progress: 'busy',
  queued: 'busy',
  paused_pending_input: 'warn',
  failed: 'bad',
  unstable: 'warn',
  aborted: 'bad',
};

// The deploy in progress (Jenkins queue, stage, result) or the last one, and when the testing
// server was last deployed.
export class TbDeployBanner extends LitElement {
  static properties = {
    deploy: { attribute: false },
    lastDeployAt: {},
  };

  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
      section {
        border: 1px solid var(--line);
        border-radius: 8px;
        padding: 0.6rem 0.9rem;
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1rem;
        align-items: center;
      }
      section.busy { border-color: var(--busy); background: var(--busy-bg); color: inherit; }
      section.good { border-color: var(--good); background: var(--good-bg); color: inherit; }
      section.bad { border-color: var(--bad); background: var(--bad-bg); color: inherit; }
      ol {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
    `,
  ];

  render() {
    const last = html`<span>Testing was last deployed
      <tb-time .at=${this.lastDeployAt}></tb-time>.</span>`;
    const deploy = this.deploy;
    if (!deploy) {
      return html`<section id="deploy-banner" aria-label="Deploy">${last}</section>`;
    }
    const tone = deploy.triggered ? buildTone(deploy.build) : 'good';
    const phase = deploy.build?.phase;
    const stages = phase?.stages ?? [];
    const link = phase?.url ?? deploy.build?.queue_item_url;
    const what = deploy.in_progress ? 'Deploying' : 'Deployed';
    const state = deploy.triggered
      ? describeBuild(deploy.build)
      : 'recorded only: no Jenkins is configured';
    return html`<section id="deploy-banner" class=${tone} aria-label="Deploy">
      <span
        ><strong>${what} ${plural(deploy.prs.length, 'PR')}</strong>, requested by
        ${deploy.requested_by} <tb-time .at=${deploy.requested_at}></tb-time>:
        <span id="build-state">${state}</span>.</span
      >
      ${stages.length
        ? html`<ol aria-label="Stages">
            ${stages.map(
              (stage) => html`<li class="tag ${STAGE_TONES[stage.status] ?? 'unknown'}">
                ${stage.name}: ${stage.status.replaceAll('_', ' ')}
              </li>`,
            )}
          </ol>`
        : ''}
      ${link ? html`<a href=${link} target="_blank" rel="noopener">Open in Jenkins</a>` : ''}
      ${last}
    </section>`;
  }
}
customElements.define('tb-deploy-banner', TbDeployBanner);
