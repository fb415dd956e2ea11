export interface AdultContentSettings {
  enabled: boolean;
  blur_previews: boolean;
}

/** What an account that never chose shows: off, and previews blurred once turned on. */
export const DEFAULT_ADULT_CONTENT: AdultContentSettings = { enabled: false, blur_previews: true };
