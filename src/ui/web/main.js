// The dashboard's entry point: every element registers itself when imported.
import './components/tb-time.js';
import './components/tb-live-status.js';
import './components/tb-account.js';
import './components/tb-messages.js';
import './components/tb-problems.js';
import './components/tb-deploy-banner.js';
import './components/tb-add-form.js';
import './components/tb-pr-table.js';
import './components/tb-selection-actions.js';
import './components/tb-deploy-panel.js';
import './components/tb-build-result.js';
import './components/tb-system.js';
import './components/tb-flags.js';
import './components/tb-activity.js';
import './components/tb-dashboard.js';
