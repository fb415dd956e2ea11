import { ArtistFollow } from './artists/artist-follow.entity';
import { BeatRequest } from './beat-requests/beat-request.entity';
import { ConversationParticipant } from './messaging/conversation-participant.entity';
import { Conversation } from './messaging/conversation.entity';
import { Purchase } from './purchases/purchase.entity';
import { Track } from './tracks/track.entity';

/** BeatPass's own tables; the data source lists them only when BeatpassModule is composed in. */
export const BEATPASS_ENTITIES = [
  Track,
  Purchase,
  ArtistFollow,
  Conversation,
  ConversationParticipant,
  BeatRequest,
];
