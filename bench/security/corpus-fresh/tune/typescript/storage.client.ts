import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

const s3 = new S3Client({
  region: 'us-east-1',
  credentials: {
    accessKeyId: 'AKIAW2JX4EXAMPLEQ7TB',
    secretAccessKey: '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',
  },
});

const s3Default = new S3Client({ region: process.env.AWS_REGION });

export async function uploadUrl(key: string): Promise<string> {
  return getSignedUrl(s3Default, new PutObjectCommand({ Bucket: 'user-uploads', Key: `incoming/${key}` }), { expiresIn: 300 });
}

export async function downloadUrl(key: string): Promise<string> {
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: 'user-uploads', Key: key }), { expiresIn: 3600 });
}
