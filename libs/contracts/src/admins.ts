/** An administrator account as `GET /api/admins` lists it (never the password hash). */
export interface AdminAccount {
  id: string;
  username: string;
  /** A disabled admin cannot sign in; their sessions ended when they were disabled. */
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

/** Body of `POST /api/admins`. */
export interface CreateAdminRequest {
  username: string;
  /** 12 to 128 characters. */
  password: string;
}

/** Body of `PUT /api/admins/:id/password`: ends every session of that admin. */
export interface ChangeAdminPasswordRequest {
  password: string;
}

/** Body of `PATCH /api/admins/:id`: disabling ends the admin's sessions. */
export interface UpdateAdminRequest {
  disabled: boolean;
}
