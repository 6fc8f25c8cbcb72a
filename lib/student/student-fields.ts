import { z } from "zod";

/** Characters of text the student's learners see (0 = all); about DataMan's 1,894-token input budget. Pure: the train panel reads its bounds. */
export const ZStudentMaxCharsSchema = z.number().int().min(0).default(8000);
