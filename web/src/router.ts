// SPDX-License-Identifier: AGPL-3.0-or-later
// History-mode routes; the server answers index.html for each of them.
import { createRouter, createWebHistory } from 'vue-router'
import { restore, session } from './api'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'console', component: () => import('./views/ConsoleView.vue') },
    { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignInView.vue'),
      meta: { public: true } },
    { path: '/cases/:id(\\d+)', name: 'case', component: () => import('./views/CaseView.vue'),
      props: (r) => ({ id: Number(r.params.id) }) },
    { path: '/dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
    { path: '/portal', name: 'portal', component: () => import('./views/PortalView.vue') },
    { path: '/customers/:id(\\d+)', name: 'customer',
      component: () => import('./views/CustomerView.vue'), props: (r) => ({ id: Number(r.params.id) }) },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'),
      meta: { public: true } },
  ],
})

router.beforeEach(async (to) => {
  if (!to.meta.public && !session.agent && !(await restore()))
    return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } }
  // A customer's home is the portal; staff screens are not theirs.
  if (session.agent?.role === 'customer' &&
      (to.name === 'console' || to.name === 'customer' || to.name === 'dashboard'))
    return { name: 'portal' }
  return true
})
