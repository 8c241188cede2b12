import { expect, test } from 'vitest'
import { notificationsOf } from '../src/jobs/send-notification.js'

test('notification jobs name their batch; jobs queued before batching name one each, and both still count', () => {
  const jobs = [
    { data: { notificationIds: [4, 5] } },
    { data: { notificationId: 6 } },
    { data: { notificationIds: [] } },
  ]
  expect(notificationsOf(jobs)).toEqual([4, 5, 6])
})
