export enum Role {
  Listener = 'listener',
  Producer = 'producer',
  Creator = 'creator',
  Admin = 'admin',
}

export const ROLES = Object.values(Role);
