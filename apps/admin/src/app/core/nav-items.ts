export interface NavItem {
  readonly path: string;
  readonly label: string;
  /** Material Icons ligature name. */
  readonly icon: string;
}

/** Sidenav entries, in display order; each path is a lazily loaded feature in app.routes.ts. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/dashboard', label: 'Dashboard', icon: 'dashboard' },
  { path: '/apis', label: 'Upstream APIs', icon: 'cloud' },
  { path: '/aliases', label: 'Model aliases', icon: 'alt_route' },
  { path: '/users', label: 'Users & keys', icon: 'key' },
  { path: '/logs', label: 'Request logs', icon: 'receipt_long' },
  { path: '/settings', label: 'Settings', icon: 'settings' },
  { path: '/admins', label: 'Admins', icon: 'admin_panel_settings' },
  { path: '/audit', label: 'Audit trail', icon: 'history' },
];
