/** Body of `POST /api/auth/login`. */
export interface LoginRequest {
  username: string;
  password: string;
}

/** The signed-in administrator, as `GET /api/auth/me` and login return it. */
export interface AdminMe {
  id: string;
  username: string;
}
