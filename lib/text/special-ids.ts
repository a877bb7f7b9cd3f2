/** Special token ids shared by tokenizers and models (SentencePiece is trained with these fixed ids). */
export const PAD_ID = 0;
export const UNK_ID = 1;
/** Sentence start: the decoder's first input. */
export const BOS_ID = 2;
/** Sentence end: appended to every target; decoding stops when it is produced. */
export const EOS_ID = 3;
/** Number of reserved ids; ordinary pieces start here. */
export const NUM_SPECIAL_IDS = 4;
