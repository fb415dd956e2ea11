import { MinLength } from 'class-validator';
import { RequiredString } from './fields';
import { M } from './messages';
import { MaxBytes, NotCommonPassword } from './rules';

/** The password rules of registration, shared by every place that sets a password. */
export const NewPassword = () =>
  RequiredString(
    { max: 100000 },
    MinLength(8, { message: M.min(8) }),
    MaxBytes(72, { message: 'The password field must not be greater than 72 bytes.' }),
    NotCommonPassword({ message: 'The given password is too common. Please choose a different password.' }),
  );
