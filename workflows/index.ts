export { reportReviewWorkflow } from './report-review.js';
export { reconcileReportsWorkflow } from './reconcile.js';
